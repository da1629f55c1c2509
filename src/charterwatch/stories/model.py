"""Whether two reports tell one event: features of a pair and a logistic model over them.

Mean-embedding cosines alone barely tell stories apart on real coverage (two reports of one meeting
and two unrelated reports about the same country score alike), so a pair is read the way an editor
would: do the paragraphs of one have counterparts in the other (``alignment``: each paragraph's
closest match, averaged both ways, which holds across languages and for translations), how close
their closest paragraphs are, the names they share, the days between them, whether one is undated,
and whether they are in one language (cosines within a language run higher). The model is plain
coefficients in ``stories/data/stories.json`` (no pickle), fitted with scikit-learn by
``scripts/train-stories`` on the labelled stories of ``../shared/realnews``, with the merge level
chosen from grouped cross-validation for precision first. Only numpy is needed to apply it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

#: Feature names, in the order of the coefficient vector (computed by :func:`pair_features`).
STORY_FEATURES = ("alignment", "closest_paragraphs", "mean_cosine", "shared_names", "day_gap", "undated",
                  "same_language")
#: More shared names than this say nothing more.
SHARED_NAMES_CAP = 3


def pair_features(a_paragraphs: np.ndarray, b_paragraphs: np.ndarray, a_mean: np.ndarray, b_mean: np.ndarray, *,
                  shared_names: int, day_gap: int | None, same_language: bool) -> np.ndarray:
    """The features of one pair (``day_gap`` None when either report is undated)."""
    similarity = a_paragraphs @ b_paragraphs.T
    alignment = (similarity.max(axis=1).mean() + similarity.max(axis=0).mean()) / 2
    return np.array([alignment, similarity.max(), float(a_mean @ b_mean), min(shared_names, SHARED_NAMES_CAP),
                     0 if day_gap is None else day_gap, day_gap is None, same_language], dtype=np.float64)


@dataclass(frozen=True)
class StoryModel:
    coefficients: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    merge_at: float          # reports (and groups of them) join while their average probability is at least this
    trained_on: dict

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(one event) for each row of ``features`` (columns as :data:`STORY_FEATURES`)."""
        features = np.atleast_2d(features)
        z = ((features - self.mean) / self.scale) @ self.coefficients + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def as_json(self) -> dict:
        return {"features": list(STORY_FEATURES), "coefficients": [round(float(c), 6) for c in self.coefficients],
                "intercept": round(float(self.intercept), 6), "mean": [round(float(m), 6) for m in self.mean],
                "scale": [round(float(s), 6) for s in self.scale], "merge_at": round(float(self.merge_at), 4),
                "trained_on": self.trained_on}

    @classmethod
    def from_json(cls, data: dict) -> StoryModel:
        if list(data["features"]) != list(STORY_FEATURES):
            raise ValueError("stories.json was fitted on other features: rebuild it with scripts/train-stories")
        return cls(np.asarray(data["coefficients"], dtype=np.float64), float(data["intercept"]),
                   np.asarray(data["mean"], dtype=np.float64), np.asarray(data["scale"], dtype=np.float64),
                   float(data["merge_at"]), dict(data.get("trained_on", {})))


def _bundled_text() -> bytes:
    return (resources.files("charterwatch") / "stories" / "data" / "stories.json").read_bytes()


@cache
def bundled_story_model() -> StoryModel:
    """The model shipped in the package."""
    return StoryModel.from_json(json.loads(_bundled_text()))


def story_model_version() -> str:
    """Changes whenever the shipped model does (part of what a stored understanding was made with)."""
    import hashlib

    return hashlib.sha256(_bundled_text()).hexdigest()[:16]
