"""Names across scripts and case endings; distractors stay unmatched; the labelled list meets its floors."""

from __future__ import annotations

import hashlib
import json

import pytest

from charterwatch.agreement import load_bundled_agreement
from charterwatch.entities.mentions import Lexicon, find_mentions
from charterwatch.entities.names import name_key, variant_keys
from charterwatch.evaluation import score_names
from tests.conftest import REPO

LEXICON = Lexicon.from_agreement(load_bundled_agreement())
SET = REPO / "evaluation" / "names.jsonl"
FLOORS = json.loads((REPO / "evaluation" / "floors.json").read_text())["names"]


@pytest.mark.parametrize("spellings", [
    ["Алиев", "Aliyev", "Əliyev", "Aliev"], ["Нахчыван", "Naxçıvan", "Nakhchivan", "Nahçıvan"],
    ["Пашинян", "Paşinyan", "Pashinyan"], ["Вэнс", "Vens"],
])
def test_name_keys_merge_spellings(spellings):
    assert len({name_key(s) for s in spellings}) == 1


def test_initials_are_joined():
    assert variant_keys("J.D. Vance") == variant_keys("J. D. Vance") == variant_keys("JD Vance") == ("jd", "vance")


@pytest.mark.parametrize("text, entity", [
    ("Vice President JD Vance arrived.", "jd-vance"), ("Визит Джей Ди Вэнса в Баку", "jd-vance"),
    ("Jey Di Vance", "jd-vance"), ("Джеймс Дэвид Вэнс", "jd-vance"), ("Cumhurbaşkanı Aliyev'in açıklaması", "ilham-aliyev"),
    ("Prezident İlham Əliyevin çıxışı", "ilham-aliyev"), ("встреча с Ильхамом Алиевым", "ilham-aliyev"),
    ("Naxçıvana gedən yol", "nakhchivan"), ("развитие Среднего коридора", "middle-corridor"),
])
def test_mentions(text, entity):
    assert [m.entity for m in find_mentions(text, LEXICON)] == [entity]


@pytest.mark.parametrize("text", ["Heydar Aliyev", "Мехрибан Алиева", "Let us go", "a long trip", "Vancouver"])
def test_distractors_find_nothing(text):
    assert find_mentions(text, LEXICON) == []


def test_mention_offsets_and_titles():
    text = "On Tuesday Vice President JD Vance met President Ilham Aliyev in Baku."
    found = find_mentions(text, LEXICON)
    assert [(text[m.start:m.end], m.title, m.matched_by) for m in found] == [
        ("JD Vance", "Vice President", "exact"), ("Ilham Aliyev", "President", "exact")]


def test_labelled_list_meets_floors():
    assert hashlib.sha256(SET.read_bytes()).hexdigest() == FLOORS["sha256"], "evaluation/names.jsonl changed: re-pin floors.json"
    rows = [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines()]
    assert len([r for r in rows if r["entity"]]) >= 150
    scores = score_names(LEXICON, rows)
    assert scores.precision >= FLOORS["precision"], scores.errors
    assert scores.recall >= FLOORS["recall"], scores.errors
