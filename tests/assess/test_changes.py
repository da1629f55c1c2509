"""Folding copies under their originals, as the provision page and briefings show evidence."""

from __future__ import annotations

import datetime as dt

from charterwatch.assess.changes import fold_copies, new_evidence
from charterwatch.rows import Evidence


def row(document_id, quote, *, provision="p.a", copy_of=None, day=10):
    return Evidence(document_id=document_id, copy_of=copy_of, source=f"outlet {copy_of or document_id}",
                    paragraph_index=0, provision_id=provision, event_type="agreed", score=0.9, quote=quote,
                    quote_start=0, quote_end=len(quote), cue=None, entities=[], language="en",
                    published=dt.date(2026, 2, day), outlet=None, title=None, url=None)


def test_each_passage_of_an_original_is_shown_once_with_copies_under_the_first():
    evidence = [row(1, "first passage"), row(1, "second passage"), row(2, "copy of the first", copy_of=1, day=11),
                row(3, "copy of an unseen original", copy_of=9, day=12), row(4, "other provision", provision="p.b")]
    folded = fold_copies(evidence)
    assert [e.quote for e in folded["p.a"]] == ["first passage", "second passage", "copy of an unseen original"]
    assert [c.quote for c in folded["p.a"][0].copies] == ["copy of the first"]
    assert folded["p.a"][1].copies == [] and list(folded) == ["p.a", "p.b"]


def test_a_copy_listed_before_its_original_still_folds_under_it():
    folded = fold_copies([row(2, "copy", copy_of=1, day=9), row(1, "original")])
    assert [e.quote for e in folded["p.a"]] == ["original"]
    assert [c.quote for c in folded["p.a"][0].copies] == ["copy"]


def test_new_evidence_keeps_the_window_and_folds():
    evidence = [row(1, "before", day=1), row(2, "inside", day=5), row(3, "copy inside", copy_of=2, day=6)]
    window = new_evidence(evidence, dt.date(2026, 2, 1), dt.date(2026, 2, 6))
    assert [e.quote for e in window["p.a"]] == ["inside"] and len(window["p.a"][0].copies) == 1
