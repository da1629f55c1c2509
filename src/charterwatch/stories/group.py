"""``group_stories(items)``: originals that report the same event, across outlets and languages.

Two originals are one story when :func:`same_story` says so: dated within a few days of each other,
naming at least two of the same people, places or projects (countries are too common to count), and
close in the embedding space; an undated report joins only when the evidence is decisive (closer
still, and more names in common). Reports of an agreement's signing published on the day, whose
title or lead says so (:func:`signing_event`), are one story whatever their names and wording: a
signing is one event, and its reports name different people and clauses. A story is a connected group of such pairs, so the answer does
not depend on the order reports arrive in: a monitoring cycle that adds one report joins it to a
story, starts one, or merges two that it bridges, exactly as a full run would. Copies join their
original's story and never count as another source. Pure.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from charterwatch.agreement.model import Agreement
from charterwatch.link.evidence import signing_report

#: Reports of one event appear within this many days of each other.
STORY_WINDOW_DAYS = 3
#: People, places or projects two reports must both name: one shared name (TRIPP) is a topic,
#: two (Aliyev and Vance) are an event.
MIN_SHARED_ENTITIES = 2
#: Cosine of the mean paragraph embeddings for two dated reports, and for a pair with an undated one.
#: The model's cosines are squeezed (most pairs of news about one country are above 0.8), so these
#: were set on real coverage (benchmarks/accuracy.py prints story pair precision and recall).
SAME_STORY_COSINE = 0.86
UNDATED_STORY_COSINE = 0.95
UNDATED_SHARED_ENTITIES = 3


#: How an event key is written among a report's story entities ("signed:az-us-charter-2026").
SIGNED = "signed:"
#: The lead a signing report says it in: the title and the first paragraphs.
LEAD_PARAGRAPHS = 2


def signing_event(agreement: Agreement, *, title: str | None, paragraphs: list[str], published: dt.date | None) -> str | None:
    """``signed:<agreement id>`` for a report of the agreement's signing published on the day
    (its title or lead names the agreement and the act of signing), else None."""
    if published != agreement.agreement.signed:
        return None
    lead = [title or "", *paragraphs[:LEAD_PARAGRAPHS]]
    return SIGNED + agreement.id if signing_report(lead, published, agreement) else None


@dataclass(frozen=True)
class StoryItem:
    document_id: int
    published: dt.date | None
    language: str | None
    outlet: str | None
    entities: frozenset[str]      # people, places, projects named (countries left out), and event keys
    vector: np.ndarray            # mean of the paragraph embeddings, L2-normalised
    copies: tuple[tuple[int, str | None, str | None, dt.date | None], ...] = ()  # (id, language, outlet, date)


@dataclass(frozen=True)
class Story:
    document_ids: tuple[int, ...]      # originals first, then copies
    originals: tuple[int, ...]
    first_seen: dt.date | None
    last_seen: dt.date | None
    languages: tuple[str, ...]
    outlets: tuple[str, ...]
    sources: int                       # independent sources: originals from different outlets


def same_story(a: StoryItem, b: StoryItem) -> bool:
    """Whether two originals report one event (symmetric)."""
    common = a.entities & b.entities
    if any(key.startswith(SIGNED) for key in common):
        return True
    shared = sum(1 for key in common if not key.startswith(SIGNED))
    similarity = float(a.vector @ b.vector)
    if a.published and b.published:
        return (abs((a.published - b.published).days) <= STORY_WINDOW_DAYS and shared >= MIN_SHARED_ENTITIES
                and similarity >= SAME_STORY_COSINE)
    return shared >= UNDATED_SHARED_ENTITIES and similarity >= UNDATED_STORY_COSINE


def story_pairs(items: list[StoryItem], against: list[StoryItem] | None = None):
    """Pairs that are one story, among ``items`` (or between ``items`` and ``against``); dated reports
    are only compared within the window, so the work grows with the news of a few days."""
    window = dt.timedelta(days=STORY_WINDOW_DAYS)
    others = items if against is None else against
    dated = sorted((i for i in others if i.published), key=lambda i: (i.published, i.document_id))
    days = [i.published for i in dated]
    undated = [i for i in others if not i.published]
    for a in items:
        pool = undated + (dated if not a.published else
                          dated[bisect.bisect_left(days, a.published - window):bisect.bisect_right(days, a.published + window)])
        for b in pool:
            if b.document_id == a.document_id:
                continue
            if same_story(a, b):
                yield a, b


def group_stories(items: list[StoryItem]) -> list[Story]:
    """Every item in exactly one story (a lone original is a story of one)."""
    parent = {item.document_id: item.document_id for item in items}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in story_pairs(items):
        parent[find(a.document_id)] = find(b.document_id)
    groups: dict[int, list[StoryItem]] = defaultdict(list)
    for item in items:
        groups[find(item.document_id)].append(item)

    stories = []
    for members in groups.values():
        members.sort(key=lambda i: (i.published or dt.date.max, i.document_id))
        copies = [c for m in members for c in m.copies]
        dates = [m.published for m in members if m.published] + [c[3] for c in copies if c[3]]
        languages = sorted({m.language for m in members if m.language} | {c[1] for c in copies if c[1]})
        outlets = sorted({m.outlet or f"document {m.document_id}" for m in members} | {c[2] for c in copies if c[2]})
        stories.append(Story(
            document_ids=tuple(m.document_id for m in members) + tuple(c[0] for c in copies),
            originals=tuple(m.document_id for m in members), first_seen=min(dates, default=None),
            last_seen=max(dates, default=None), languages=tuple(languages), outlets=tuple(outlets),
            sources=len({m.outlet or f"document {m.document_id}" for m in members})))
    return sorted(stories, key=lambda s: (s.first_seen or dt.date.max, s.document_ids))
