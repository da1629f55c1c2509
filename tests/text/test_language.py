"""Language per paragraph: the labelled set's accuracy must stay at its pinned floors."""

from __future__ import annotations

import hashlib
import json

import pytest

from charterwatch.evaluation import score_languages
from charterwatch.text.language import LanguageIdentifier, language_shares, language_spans
from tests.conftest import REPO

SET = REPO / "evaluation" / "language.jsonl"
FLOORS = json.loads((REPO / "evaluation" / "floors.json").read_text())["language"]


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier()


def test_the_labelled_set_is_the_one_the_floors_were_set_on():
    assert hashlib.sha256(SET.read_bytes()).hexdigest() == FLOORS["sha256"], "evaluation/language.jsonl changed: re-pin floors.json"


def test_accuracy_meets_the_floors(identifier):
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300
    scores = score_languages(identifier, rows)
    assert scores.short_count >= 80
    assert scores.overall >= FLOORS["overall"], scores.misses
    assert scores.short_lines >= FLOORS["short_lines"], scores.misses
    for language, floor in FLOORS["per_language"].items():
        assert scores.per_language[language] >= floor, (language, scores.misses)


@pytest.mark.parametrize("text, expected", [
    ("Prezident İlham Əliyev ABŞ-ın vitse-prezidentini qəbul edib.", "az"),
    ("Cumhurbaşkanı İlham Aliyev ABD Başkan Yardımcısını kabul etti.", "tr"),
    ("Президент Ильхам Алиев принял вице-президента США.", "ru"),
    ("Президент Ільхам Алієв прийняв віце-президента США.", "other"),
    ("Xartiya Bakıda imzalanıb", "az"),
    ("Şart Bakü'de imzalandı", "tr"),
    ("Baku, Feb 10", "unknown"),
    ("Thank you!", "unknown"),
])
def test_neighbouring_languages_and_short_lines(identifier, text, expected):
    assert identifier.detect(text).language == expected


def test_spans_and_shares_of_a_half_translated_text():
    languages = ["en", "en", "unknown", "tr", "tr"]
    lengths = [100, 100, 10, 150, 150]
    spans = language_spans(languages, lengths)
    assert [(s.language, s.first_paragraph, s.last_paragraph) for s in spans] == [("en", 0, 2), ("tr", 3, 4)]
    assert language_shares(languages, lengths) == {"tr": 0.6, "en": 0.4}
