"""The story model: plain JSON coefficients, pair features, and what the store keeps of a report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from charterwatch.stories.group import STORY_PARAGRAPHS, decode_story_vectors, encode_story_vectors
from charterwatch.stories.model import STORY_FEATURES, StoryModel, bundled_story_model, pair_features


def test_the_shipped_model_reads_and_round_trips_as_json():
    model = bundled_story_model()
    assert len(model.coefficients) == len(STORY_FEATURES) and 0.3 <= model.merge_at <= 0.9
    again = StoryModel.from_json(json.loads(json.dumps(model.as_json())))
    features = np.array([[0.9, 0.95, 0.9, 2, 0, 0, 0], [0.8, 0.85, 0.9, 0, 3, 0, 1]], dtype=float)
    assert np.allclose(again.probability(features), model.probability(features), atol=1e-5)
    # what makes one event weighs for it: matching paragraphs, shared names; days apart weigh against
    coefficient = dict(zip(STORY_FEATURES, model.coefficients))
    assert coefficient["alignment"] > 0 and coefficient["shared_names"] > 0 and coefficient["day_gap"] < 0


def test_a_model_fitted_on_other_features_is_refused_with_the_fix():
    data = bundled_story_model().as_json() | {"features": ["cosine"]}
    with pytest.raises(ValueError, match="scripts/train-stories"):
        StoryModel.from_json(data)


def test_alignment_finds_a_translation_among_other_paragraphs():
    eye = np.eye(4)
    same = pair_features(eye[:2], eye[[1, 0]], eye[0], eye[0], shared_names=5, day_gap=None, same_language=False)
    apart = pair_features(eye[:2], eye[2:], eye[0], eye[3], shared_names=0, day_gap=2, same_language=True)
    assert same.tolist() == [1.0, 1.0, 1.0, 3, 0, 1, 0]          # names capped at three
    assert apart.tolist() == [0.0, 0.0, 0.0, 0, 2, 0, 1]


def test_the_store_keeps_the_mean_and_the_first_paragraphs_and_reads_the_old_form():
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(STORY_PARAGRAPHS + 5, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    mean, paragraphs = decode_story_vectors(encode_story_vectors(vectors))
    assert paragraphs.shape == (STORY_PARAGRAPHS, 384)
    assert np.allclose(paragraphs, vectors[:STORY_PARAGRAPHS], atol=2e-3)
    assert np.isclose(np.linalg.norm(mean), 1.0, atol=1e-3)
    old = vectors[0].tobytes()                      # a store written before: the mean alone, float32
    mean, paragraphs = decode_story_vectors(old)
    assert paragraphs is None and np.allclose(mean, vectors[0])
    assert decode_story_vectors(None)[1] is None


def test_the_merge_level_is_the_strictest_of_the_plateau_short_of_its_edge():
    from charterwatch.stories.training import merge_level_from

    plateau = {0.45: (0.78, 0.6, 0.68), 0.5: (1.0, 0.58, 0.74), 0.55: (1.0, 0.58, 0.74), 0.6: (1.0, 0.58, 0.74),
               0.65: (1.0, 0.58, 0.74), 0.7: (1.0, 0.58, 0.74), 0.75: (1.0, 0.37, 0.54)}
    assert merge_level_from(plateau) == 0.65          # 0.7 is the edge: 0.75 splits the largest story
    assert merge_level_from({0.5: (1.0, 0.3, 0.46), 0.55: (1.0, 0.5, 0.67), 0.6: (1.0, 0.2, 0.33)}) == 0.55
    assert merge_level_from({0.5: (0.6, 0.6, 0.6), 0.55: (0.7, 0.5, 0.58)}) == 0.55    # none precise: the most precise
