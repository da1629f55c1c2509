"""The shipped linker model: plain coefficients that load, match the features, and decide by them."""

from __future__ import annotations

import json

import numpy as np
import pytest

from charterwatch.link.model import FEATURES, LinkerModel, bundled_model, model_version


def test_the_shipped_model_matches_the_features_and_has_a_threshold_per_language():
    model = bundled_model()
    assert model.coefficients.shape == (len(FEATURES),) == model.mean.shape == model.scale.shape
    assert {"en", "ru", "az", "tr", "default"} <= set(model.thresholds)
    assert all(0.5 <= t <= 0.99 for t in model.thresholds.values())
    assert model.trained_on["realnews_paragraphs"] > 0 or model.trained_on["own_paragraphs"] > 0
    assert len(model_version()) == 16


def test_json_round_trip_and_a_stale_file_is_refused():
    model = bundled_model()
    again = LinkerModel.from_json(json.loads(json.dumps(model.as_json())))
    rows = np.random.default_rng(0).normal(size=(5, len(FEATURES)))
    assert np.allclose(again.probability(rows), model.probability(rows), atol=1e-4)
    stale = {**model.as_json(), "features": list(FEATURES)[:-1]}
    with pytest.raises(ValueError, match="scripts/train-linker"):
        LinkerModel.from_json(stale)


def test_more_signal_means_a_higher_probability():
    model = bundled_model()
    weak = model.mean.copy()
    strong = weak.copy()
    for name in ("keyword", "cosine_z", "top1", "inverse_rank", "example_z", "relevance"):
        strong[FEATURES.index(name)] += 2 * model.scale[FEATURES.index(name)]
    low, high = model.probability(np.stack([weak, strong]))
    assert high > low


def test_a_candidate_with_nothing_of_its_own_for_the_provision_never_links():
    """What a paragraph shares with every provision (a relevant document, an act, the agreement
    named) cannot make a link alone: it needs the provision's keyword or name, or to be nearest the
    provision by its description and its examples both."""
    model = bundled_model()
    column = {name: i for i, name in enumerate(FEATURES)}
    shared = model.mean.copy()
    for name in ("relevance", "names_agreement", "act", "exclusive", "document_keyword", "cosine_z", "example_z"):
        shared[column[name]] += 3 * model.scale[column[name]]
    for name in ("keyword", "keywords", "entity", "in_name", "in_name_alone", "keyword_x_cosine_z", "top1", "example_top1"):
        shared[column[name]] = 0.0
    rows = np.stack([shared] * 4)
    rows[1, column["top1"]] = 1.0                                   # nearest by description only
    rows[2, column["top1"]] = rows[2, column["example_top1"]] = 1.0  # and by its examples
    rows[3, column["keyword"]] = 1.0                                # one of its keywords
    p = model.probability(rows)
    assert p[0] == 0.0 and p[1] == 0.0
    assert p[2] > 0.0 and p[3] > 0.0
