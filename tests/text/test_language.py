"""Language per paragraph: the labelled set's accuracy per language must stay at its pinned floor."""

from __future__ import annotations

import hashlib
import json
from collections import Counter

import pytest

from charterwatch.text.language import LanguageIdentifier, language_shares, language_spans
from tests.conftest import REPO

SET = REPO / "evaluation" / "language.jsonl"
FLOORS = json.loads((REPO / "evaluation" / "floors.json").read_text())["language"]


@pytest.fixture(scope="module")
def identifier():
    return LanguageIdentifier()


def test_the_labelled_set_is_the_one_the_floors_were_set_on():
    assert hashlib.sha256(SET.read_bytes()).hexdigest() == FLOORS["sha256"], "evaluation/language.jsonl changed: re-pin floors.json"


def test_accuracy_per_language_meets_the_floor(identifier):
    right, total = Counter(), Counter()
    misses = []
    for line in SET.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        guess = identifier.detect(row["text"])
        total[row["language"]] += 1
        right[row["language"]] += guess.language == row["language"]
        if guess.language != row["language"]:
            misses.append((row["text"], row["language"], guess.language))
    for language, floor in FLOORS["accuracy"].items():
        assert right[language] / total[language] >= floor, (language, misses)


@pytest.mark.parametrize("text, expected", [
    ("Prezident İlham Əliyev ABŞ-ın vitse-prezidentini qəbul edib.", "az"),
    ("Cumhurbaşkanı İlham Aliyev ABD Başkan Yardımcısını kabul etti.", "tr"),
    ("Президент Ильхам Алиев принял вице-президента США.", "ru"),
    ("Президент Ільхам Алієв прийняв віце-президента США.", "other"),
])
def test_neighbouring_languages_are_told_apart(identifier, text, expected):
    assert identifier.detect(text).language == expected


def test_spans_and_shares_of_a_half_translated_text():
    languages = ["en", "en", "unknown", "tr", "tr"]
    lengths = [100, 100, 10, 150, 150]
    spans = language_spans(languages, lengths)
    assert [(s.language, s.first_paragraph, s.last_paragraph) for s in spans] == [("en", 0, 2), ("tr", 3, 4)]
    assert language_shares(languages, lengths) == {"tr": 0.6, "en": 0.4}
