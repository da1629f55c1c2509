"""The shipped linker on the real development news in ../shared/realnews (skips cleanly without it).

These are the figures of the shipped model on the articles it was fitted on, so they guard against
regressions; the honest, cross-validated figures are printed by benchmarks/accuracy.py and pinned
there too (evaluation/floors.json, "realnews").
"""

from __future__ import annotations

import json

import pytest

from charterwatch.agreement import load_bundled_agreement
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.link import training
from charterwatch.link.model import bundled_model
from charterwatch.text.language import LanguageIdentifier
from tests.conftest import REPO, SHARED

ARTICLES = SHARED / "realnews" / "articles.jsonl"
FLOORS = json.loads((REPO / "evaluation" / "floors.json").read_text())["realnews"]


@pytest.fixture(scope="module")
def real():
    if not ARTICLES.exists():
        pytest.skip("../shared/realnews is not beside the repository")
    articles = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    agreements = [load_bundled_agreement(), load_bundled_agreement("az-us-mou-2025")]
    lexicon = training.lexicon_of(agreements)
    rows = training.realnews_paragraphs(articles, LanguageIdentifier())
    return articles, rows, agreements, lexicon, PassageEmbedder()


def test_charter_links_on_real_news_hold_their_floors(real):
    articles, rows, agreements, lexicon, embed = real
    charter = agreements[0]
    table = training.candidate_table(rows, charter, lexicon, embed, agreements)
    model = bundled_model()
    scores = training.score_real_news(articles, rows, table, model.probability(table.features), model.thresholds, charter,
                                      lexicon, agreements)
    precision, recall = scores["document_all"]
    baseline_precision, _ = scores["baseline_all"]
    assert precision >= FLOORS["in_sample"]["document_precision"] and precision > baseline_precision
    assert recall >= FLOORS["in_sample"]["document_recall"]
    assert scores["links_on_negatives"] <= FLOORS["in_sample"]["links_on_negatives"]


def test_on_topic_comes_from_the_gate_and_stories_hold(real):
    articles, rows, agreements, lexicon, embed = real
    model = bundled_model()
    linked, support = set(), {}
    for agreement in agreements:
        table = training.candidate_table(rows, agreement, lexicon, embed, agreements)
        scored = training.score_real_news(articles, rows, table, model.probability(table.features), model.thresholds,
                                          agreement, lexicon, agreements)
        linked |= scored["linked_articles"]
        support[agreement.id] = scored["support"]
    scores = training.score_topics_and_stories(articles, rows, agreements, lexicon, embed, linked, support)
    assert scores["on_topic_accuracy"] >= FLOORS["on_topic_accuracy"]
    assert scores["story_pairs"][0] >= FLOORS["story_pair_precision"]
    assert scores["story_pairs"][2] >= FLOORS["story_pair_f1"]
