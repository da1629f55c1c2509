"""New names are proposed only when two independent outlets use them, and known names never are."""

from __future__ import annotations

from charterwatch.agreement import load_bundled_agreement
from charterwatch.entities.mentions import Lexicon
from charterwatch.entities.proposals import candidate_names

LEXICON = Lexicon.from_agreement(load_bundled_agreement())


def test_a_new_name_needs_two_outlets():
    one = (1, "Herald", "Analyst Ilgar Velizade said the groups should meet more often. Ilgar Velizade added more.")
    same_outlet = (2, "Herald", "Later, Ilgar Velizade spoke again.")
    assert candidate_names([one, same_outlet], LEXICON) == []
    other_outlet = (3, "Wire", "According to Ilgar Velizade, the charter is a turning point.")
    found = candidate_names([one, same_outlet, other_outlet], LEXICON)
    assert [(c.text, c.documents, c.outlets) for c in found] == [("Ilgar Velizade", (1, 2, 3), ("Herald", "Wire"))]


def test_known_names_commas_and_line_breaks_are_not_new_names():
    texts = [(1, "A", "Vice President JD Vance met Ilham Aliyev in Europe, Central Asia and beyond.\nThank you"),
             (2, "B", "JD Vance and Ilham Aliyev discussed Europe, Central Asia.\nThank you")]
    assert [c.text for c in candidate_names(texts, LEXICON)] == ["Central Asia"]
