"""Scoring against labelled sets, kept in the library so tests and benchmarks share one scorer.

The sets and their pinned floors live in ``evaluation/`` at the repository root.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from charterwatch.text.language import LanguageIdentifier

#: Lines shorter than this are scored separately: headlines and fragments are the hard case.
SHORT_LINE = 40


@dataclass(frozen=True)
class LanguageScores:
    overall: float
    short_lines: float
    per_language: dict[str, float]
    misses: list[tuple[str, str, str]]  # (text, expected, detected)
    count: int
    short_count: int


def score_languages(identifier: LanguageIdentifier, rows: Iterable[dict]) -> LanguageScores:
    """Accuracy of ``identifier`` on rows of ``{"text", "language"}``."""
    right, total = Counter(), Counter()
    short_right = short_total = 0
    misses = []
    for row in rows:
        detected = identifier.detect(row["text"]).language
        ok = detected == row["language"]
        total[row["language"]] += 1
        right[row["language"]] += ok
        if len(row["text"]) < SHORT_LINE:
            short_total += 1
            short_right += ok
        if not ok:
            misses.append((row["text"], row["language"], detected))
    count = sum(total.values())
    return LanguageScores(overall=sum(right.values()) / count, short_lines=short_right / short_total if short_total else 1.0,
                          per_language={k: right[k] / total[k] for k in sorted(total)}, misses=misses, count=count,
                          short_count=short_total)


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_positive: int
    false_positive: int
    false_negative: int
    pairs: int


def _pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in groups for pair in combinations(sorted(set(group)), 2)}


def score_copy_groups(predicted: Iterable[Iterable[str]], gold: Iterable[Iterable[str]], universe: Iterable[str]) -> PairScores:
    """Pairwise precision/recall/F1 of "these two documents are copies of one original".

    :param predicted: groups (an original with its copies) as found
    :param gold: the labelled groups
    :param universe: every document considered (for the count of pairs)
    """
    found, truth = _pairs(predicted), _pairs(gold)
    tp, fp, fn = len(found & truth), len(found - truth), len(truth - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(set(universe))
    return PairScores(precision, recall, f1, tp, fp, fn, n * (n - 1) // 2)


def sample_name(document: dict) -> str:
    """How evaluation/copies.json names a stored sample document: its path under samples/news/,
    or its URL for items that came from a feed or JSONL file."""
    path = document.get("path") or ""
    if path.endswith((".jsonl", ".rss", ".atom", ".xml")) and document.get("url"):
        return document["url"]
    if "/samples/news/" in path:
        return path.split("/samples/news/", 1)[1]
    return document.get("url") or path


def copy_groups(documents: list[dict], name=sample_name) -> list[list[str]]:
    """Groups (original + its copies) from stored documents, as names."""
    by_id = {d["id"]: d for d in documents}
    groups: dict[int, list[str]] = {}
    for d in documents:
        original = d["copy_of"] or d["id"]
        groups.setdefault(original, [name(by_id[original])])
        if d["copy_of"]:
            groups[original].append(name(d))
    return [g for g in groups.values() if len(g) > 1]


@dataclass(frozen=True)
class NameScores:
    precision: float
    recall: float
    true_positive: int
    false_positive: int
    false_negative: int
    errors: list[tuple[str, str | None, list[str]]]  # (text, gold entity, entities found)


def score_names(lexicon, rows: Iterable[dict]) -> NameScores:
    """Name-variant recognition on rows of ``{"text", "entity"}`` (entity None for a distractor).

    A row counts as found when its entity is among the mentions; any other entity found in it is
    a false positive (a distractor such as "Heydar Aliyev" must find nothing).
    """
    from charterwatch.entities.mentions import find_mentions

    tp = fp = fn = 0
    errors = []
    for row in rows:
        found = {m.entity for m in find_mentions(row["text"], lexicon)}
        gold = row["entity"]
        if gold is not None:
            if gold in found:
                tp += 1
            else:
                fn += 1
        if found - {gold}:
            fp += 1
        if (gold is not None and gold not in found) or found - {gold}:
            errors.append((row["text"], gold, sorted(found)))
    return NameScores(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0, tp, fp, fn, errors)


@dataclass(frozen=True)
class EvidenceScores:
    precision: dict[str, float]      # per language
    recall: dict[str, float]
    recall_overall: float
    event_accuracy: float            # on rows with a gold event, over the links found for them
    event_accuracy_per_language: dict[str, float]
    false_links: list[tuple[str, list[str]]]
    paragraphs: int


def score_evidence(links, rows: list[dict]) -> EvidenceScores:
    """Evidence precision/recall per language against rows of ``{"text", "language", "provisions",
    "also", "event"}``; ``links`` carry the row index as their key. Links to a provision in ``also``
    (named in passing) are neither credited nor counted as wrong."""
    found: dict[int, dict[str, str]] = {}
    for link in links:
        found.setdefault(link.key, {})[link.provision_id] = link.event_type
    tp, fp, fn = Counter(), Counter(), Counter()
    event_right, event_total = Counter(), Counter()
    false_links = []
    for i, row in enumerate(rows):
        got = found.get(i, {})
        gold, acceptable = set(row["provisions"]), set(row["provisions"]) | set(row.get("also", []))
        language = row["language"]
        tp[language] += len(set(got) & gold)
        fp[language] += len(set(got) - acceptable)
        fn[language] += len(gold - set(got))
        if set(got) - acceptable:
            false_links.append((row["text"], sorted(set(got) - acceptable)))
        for provision in set(got) & gold:
            event_total[language] += 1
            event_right[language] += got[provision] == row["event"]
    languages = sorted(set(tp) | set(fp) | set(fn))
    total_tp, total_fn = sum(tp.values()), sum(fn.values())
    return EvidenceScores(
        precision={k: tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 1.0 for k in languages},
        recall={k: tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 1.0 for k in languages},
        recall_overall=total_tp / (total_tp + total_fn) if total_tp + total_fn else 1.0,
        event_accuracy=sum(event_right.values()) / sum(event_total.values()) if event_total else 1.0,
        event_accuracy_per_language={k: event_right[k] / event_total[k] for k in event_total},
        false_links=false_links, paragraphs=len(rows))
