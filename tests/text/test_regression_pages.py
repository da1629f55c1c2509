"""Extraction on real pages against the libraries alone: newspaper4k's test pages with the text and
dates its tests expect, laid out outside the repository by ``scripts/regression-pages`` (third-party
pages never enter it). Skips cleanly when the set is not there."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from charterwatch.text.clean import clean_document
from charterwatch.text.language import LanguageIdentifier
from charterwatch.text.model import CleanDocument, RawDocument

PAGES = Path(os.environ.get("CHARTERWATCH_REGRESSION_PAGES", Path.home() / ".cache" / "charterwatch-regression"))


def f1(found: str, expected: str) -> float:
    a, b = (Counter(re.findall(r"\w+", t.casefold())) for t in (found, expected))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def pages():
    found = sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file()) if PAGES.is_dir() else []
    if not found:
        pytest.skip(f"{PAGES}: no regression pages (bash scripts/regression-pages)")
    return found


def test_main_text_is_at_least_as_good_as_trafilatura_alone_and_no_page_is_rejected(pages):
    import trafilatura

    identifier = LanguageIdentifier()
    ours, alone = [], []
    for page in pages:
        html = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        expected = (page / "expected.txt").read_text(encoding="utf-8")
        cleaned = clean_document(RawDocument(source_key=page.name, input_format="html", content=html, origin="file"),
                                 identifier=identifier, as_of=dt.date(2026, 12, 1))
        extracted = trafilatura.extract(html)
        if extracted:
            assert isinstance(cleaned, CleanDocument), f"{page.name}: rejected ({cleaned.reason}) though trafilatura extracts it"
        ours.append(f1(cleaned.text if isinstance(cleaned, CleanDocument) else "", expected))
        alone.append(f1(extracted or "", expected))
    assert sum(ours) / len(ours) >= sum(alone) / len(alone)


def test_dates_are_at_least_as_right_as_htmldate_alone(pages):
    import htmldate

    identifier = LanguageIdentifier()
    wrong = {"ours": 0, "alone": 0}
    right = {"ours": 0, "alone": 0}
    for page in pages:
        meta = page / "expected-metadata.json"
        truth = (json.loads(meta.read_text(encoding="utf-8")).get("publishedTime") or "")[:10] if meta.is_file() else ""
        if not truth:
            continue
        html = (page / "source.html").read_text(encoding="utf-8", errors="replace")
        cleaned = clean_document(RawDocument(source_key=page.name, input_format="html", content=html, origin="file"),
                                 identifier=identifier, as_of=dt.date(2026, 12, 1))
        for name, date in (("ours", getattr(cleaned, "published", None)), ("alone", htmldate.find_date(html))):
            if date:
                (right if str(date)[:10] == truth else wrong)[name] += 1
    assert right["ours"] >= right["alone"] and wrong["ours"] <= wrong["alone"], (right, wrong)
