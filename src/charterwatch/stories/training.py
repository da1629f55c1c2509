"""Fitting the story model on labelled stories (``scripts/train-stories``; benchmarks/accuracy.py).

Every pair of reports that may be compared (dated within the window, or with one undated) is a row:
:func:`charterwatch.stories.model.pair_features`, labelled 1 when both reports are in one labelled
``story_group``. Cross-validation keeps each labelled story, and each lone report, in one fold, so a
story's pairs are never both learned and scored. The merge level is chosen on the out-of-fold
probabilities, clustered as the product clusters them (:func:`charterwatch.stories.group.group_stories`),
for precision first. Needs scikit-learn; the product reads the JSON only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from charterwatch.stories.group import SIGNED, STORY_WINDOW_DAYS, StoryItem, group_stories
from charterwatch.stories.model import STORY_FEATURES, StoryModel, pair_features

#: Pair precision the merge level must reach on cross-validated pairs before recall counts.
TARGET_PAIR_PRECISION = 0.85
#: Merge levels tried.
MERGE_STEP = 0.05
MERGE_LEVELS = tuple(np.round(np.arange(0.30, 0.91, MERGE_STEP), 2))
REGULARISATION_C = 1.0


@dataclass(frozen=True)
class PairTable:
    pairs: list[tuple[int, int]]        # document ids
    features: np.ndarray
    labels: np.ndarray
    forced: np.ndarray                  # pairs one signing's key joins whatever the model says


def pair_table(items: list[StoryItem], story_of: dict[int, str]) -> PairTable:
    """Every comparable pair of ``items``, with its label from ``story_of`` (document id -> story)."""
    pairs, rows, labels, forced = [], [], [], []
    ordered = sorted(items, key=lambda i: i.document_id)
    for a, b in combinations(ordered, 2):
        gap = abs((a.published - b.published).days) if a.published and b.published else None
        if gap is not None and gap > STORY_WINDOW_DAYS:
            continue
        common = a.entities & b.entities
        pairs.append((a.document_id, b.document_id))
        rows.append(pair_features(a.paragraph_vectors(), b.paragraph_vectors(), a.vector, b.vector,
                                  shared_names=sum(1 for k in common if not k.startswith(SIGNED)), day_gap=gap,
                                  same_language=bool(a.language and a.language == b.language)))
        labels.append(int(story_of.get(a.document_id) is not None and story_of.get(a.document_id) == story_of.get(b.document_id)))
        forced.append(any(k.startswith(SIGNED) for k in common))
    return PairTable(pairs, np.array(rows, dtype=np.float64).reshape(-1, len(STORY_FEATURES)), np.array(labels),
                     np.array(forced, dtype=bool))


def fit(features: np.ndarray, labels: np.ndarray, *, c: float = REGULARISATION_C):
    from sklearn.linear_model import LogisticRegression

    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, max_iter=2000).fit((features - mean) / scale, labels)
    return model.coef_[0], float(model.intercept_[0]), mean, scale


def folds_of(items: list[StoryItem], story_of: dict[int, str], *, folds: int = 5, seed: int = 0) -> dict[int, int]:
    """A fold per document: a labelled story's reports together, lone reports spread at random."""
    rng = np.random.default_rng(seed)
    fold_of_story: dict[str, int] = {}
    out = {}
    for item in sorted(items, key=lambda i: i.document_id):
        story = story_of.get(item.document_id)
        if story is None:
            out[item.document_id] = int(rng.integers(folds))
        else:
            out[item.document_id] = fold_of_story.setdefault(story, int(rng.integers(folds)))
    return out


def cross_validated_models(table: PairTable, fold_of: dict[int, int], *, folds: int = 5) -> dict[int, tuple]:
    """One fit per fold, on the pairs with neither report in it."""
    out = {}
    for fold in range(folds):
        train = np.array([fold_of[a] != fold and fold_of[b] != fold for a, b in table.pairs], dtype=bool)
        if train.sum() and len(set(table.labels[train])) == 2:
            out[fold] = fit(table.features[train], table.labels[train])
    return out


def gold_pairs(story_of: dict[int, str]) -> set[frozenset]:
    members = defaultdict(list)
    for document_id, story in story_of.items():
        members[story].append(document_id)
    return {frozenset(p) for ids in members.values() for p in combinations(sorted(ids), 2)}


def score_grouping(items: list[StoryItem], story_of: dict[int, str], model: StoryModel) -> tuple[float, float, float]:
    """Pair precision, recall and F1 of the stories ``model`` forms from ``items``."""
    predicted = {frozenset(p) for s in group_stories(items, model) for p in combinations(s.originals, 2)}
    gold = gold_pairs({k: v for k, v in story_of.items() if any(i.document_id == k for i in items)})
    tp = len(predicted & gold)
    p, r = tp / max(1, len(predicted)), tp / max(1, len(gold))
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def cross_validated_grouping(items: list[StoryItem], story_of: dict[int, str], table: PairTable,
                             merge_at: float, *, folds: int = 5) -> tuple[float, float, float]:
    """Pair P/R/F1 with each fold's stories formed by the model fitted without it (a fold's reports
    are grouped among themselves and the reports of no other fold)."""
    fold_of = folds_of(items, story_of, folds=folds)
    fits = cross_validated_models(table, fold_of, folds=folds)
    predicted_all: set[frozenset] = set()
    for fold, (coef, intercept, mean, scale) in fits.items():
        model = StoryModel(coef, intercept, mean, scale, merge_at, {})
        members = [i for i in items if fold_of[i.document_id] == fold]
        predicted_all |= {frozenset(p) for s in group_stories(members, model) for p in combinations(s.originals, 2)}
    gold = gold_pairs(story_of)
    tp = len(predicted_all & gold)
    p, r = tp / max(1, len(predicted_all)), tp / max(1, len(gold))
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def choose_merge_level(items: list[StoryItem], story_of: dict[int, str], table: PairTable) -> tuple[float, dict]:
    """The merge level with the best cross-validated F1 among those reaching the pair precision
    target (the most precise one when none does), the strictest where several tie (on news no one
    labelled, a lower level joined two commentaries on one signing) short of the plateau's edge
    (the strictest tied level whose stricter neighbour ties too: at the edge, the labelled data's
    largest story is about to split, and the same day's coverage elsewhere splits there); with
    every level's figures."""
    figures = {level: cross_validated_grouping(items, story_of, table, level) for level in MERGE_LEVELS}
    return merge_level_from(figures), figures


def merge_level_from(figures: dict[float, tuple[float, float, float]]) -> float:
    """:func:`choose_merge_level`'s rule over (precision, recall, F1) per level."""
    good = [level for level, (p, _, _) in figures.items() if p >= TARGET_PAIR_PRECISION]
    if not good:
        return float(max(figures, key=lambda level: (figures[level][0], level)))
    top = max(figures[level][2] for level in good)
    tied = sorted(level for level in good if figures[level][2] >= top - 0.005)
    inside = [level for level, stricter in zip(tied, tied[1:]) if np.isclose(stricter - level, MERGE_STEP)]
    return float(inside[-1] if inside else tied[-1])      # precision first, off the edge
