"""The calibrated linker: features of a (paragraph, provision) candidate and a logistic model over them.

The model is plain coefficients in ``link/data/linker.json`` (no pickle), fitted with scikit-learn
by ``scripts/train-linker`` on the labelled sets (``evaluation/evidence.jsonl`` and the real
development news in ``../shared/realnews``), with a probability threshold per language chosen
from cross-validated predictions (no article in both training and scoring folds) for precision
>= 0.90. Only numpy is needed to apply it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

LANGUAGES = ("en", "ru", "az", "tr")

#: Feature names, in the order of the coefficient vector. Each is documented where it is computed
#: (:func:`charterwatch.link.evidence.candidate_features`).
FEATURES = (
    "keyword", "keywords", "entity", "cosine_z", "top1", "top3", "inverse_rank", "margin",
    "example_z", "example_top1", "document_keyword", "document_top1_share", "title_keyword",
    "relevance", "names_agreement", "recap", "act", "plan", "opinion", "short",
    "keyword_x_cosine_z", "breadth", "keyword_x_breadth", "drafting", "document_drafting", "undated",
    "undated_x_drafting", "predecessor", "same_language_z", "exclusive", "in_name", "in_name_alone", "lang_en", "lang_ru", "lang_az", "lang_tr",
)


def own_signal(features: np.ndarray) -> np.ndarray:
    """Whether each candidate has a signal that singles its provision out: one of the provision's
    keywords or names in the paragraph (or only in the agreement's name there), or the paragraph
    closest to this provision by its description and by its example phrasings both.

    Half the logit comes from what a paragraph shares with every provision (its document's
    relevance, an act, the agreement named), so in a report squarely about the agreement a line
    such as "– Nikol Pashinyan" could pass the cut for whichever provision it happened to be nearest.
    On held-out real news such candidates were nearly all wrong: without them the Russian document
    precision rose from 0.80 to 0.88 and, with the cuts chosen again, recall from 0.59 to 0.72."""
    column = {name: i for i, name in enumerate(FEATURES)}
    named = (features[:, column["keyword"]] > 0) | (features[:, column["entity"]] > 0) | (features[:, column["in_name"]] > 0)
    nearest = (features[:, column["top1"]] > 0) & (features[:, column["example_top1"]] > 0)
    return named | nearest


@dataclass(frozen=True)
class LinkerModel:
    coefficients: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    thresholds: dict[str, float]      # per language; "default" for others
    trained_on: dict

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(evidence) for each row of ``features`` (columns as :data:`FEATURES`); 0 for a candidate
        with no signal of its own for the provision (:func:`own_signal`)."""
        if features.size == 0:
            return np.zeros(0)
        z = ((features - self.mean) / self.scale) @ self.coefficients + self.intercept
        return np.where(own_signal(features), 1.0 / (1.0 + np.exp(-z)), 0.0)

    def threshold(self, language: str) -> float:
        return self.thresholds.get(language, self.thresholds["default"])

    def as_json(self) -> dict:
        return {"features": list(FEATURES), "coefficients": [round(float(c), 6) for c in self.coefficients],
                "intercept": round(float(self.intercept), 6), "mean": [round(float(m), 6) for m in self.mean],
                "scale": [round(float(s), 6) for s in self.scale],
                "thresholds": {k: round(float(v), 4) for k, v in self.thresholds.items()}, "trained_on": self.trained_on}

    @classmethod
    def from_json(cls, data: dict) -> LinkerModel:
        if list(data["features"]) != list(FEATURES):
            raise ValueError("linker.json was fitted on other features: rebuild it with scripts/train-linker")
        return cls(np.asarray(data["coefficients"], dtype=np.float64), float(data["intercept"]),
                   np.asarray(data["mean"], dtype=np.float64), np.asarray(data["scale"], dtype=np.float64),
                   dict(data["thresholds"]), dict(data.get("trained_on", {})))


@cache
def bundled_model() -> LinkerModel:
    """The model shipped in the package."""
    text = (resources.files("charterwatch") / "link" / "data" / "linker.json").read_text(encoding="utf-8")
    return LinkerModel.from_json(json.loads(text))


def model_version() -> str:
    """Changes whenever the shipped model does (part of what a stored understanding was made with)."""
    import hashlib

    text = (resources.files("charterwatch") / "link" / "data" / "linker.json").read_bytes()
    return hashlib.sha256(text).hexdigest()[:16]


def short_flag(text: str) -> float:
    """Headlines and fragments: under 80 characters."""
    return 1.0 if len(text) < 80 else 0.0


def length_log(text: str) -> float:
    return math.log1p(len(text)) / 8
