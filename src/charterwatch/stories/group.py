"""``group_stories(items)``: originals that report the same event, across outlets and languages.

Two originals are one story when they are dated within a few days of each other, name at least
two people, places or projects in common (countries are too common to count), and each is the
other's closest document in the embedding space among those candidates (mutual best match).
Copies join their original's story and never count as another source. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

#: Reports of one event appear within this many days of each other.
STORY_WINDOW_DAYS = 3
#: People, places or projects two reports must both name: one shared name (TRIPP) is a topic,
#: two (Aliyev and Vance) are an event.
MIN_SHARED_ENTITIES = 2


@dataclass(frozen=True)
class StoryItem:
    document_id: int
    published: dt.date | None
    language: str | None
    outlet: str | None
    entities: frozenset[str]      # people, places, projects named (countries left out)
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


def group_stories(items: list[StoryItem]) -> list[Story]:
    """Every item in exactly one story (a lone original is a story of one)."""
    candidates: dict[int, list[tuple[float, int]]] = defaultdict(list)
    window = dt.timedelta(days=STORY_WINDOW_DAYS)
    dated = sorted((i for i in items if i.published), key=lambda i: (i.published, i.document_id))
    for k, a in enumerate(dated):
        for b in dated[k + 1:]:
            if b.published - a.published > window:
                break
            if len(a.entities & b.entities) < MIN_SHARED_ENTITIES:
                continue
            similarity = float(a.vector @ b.vector)
            candidates[a.document_id].append((similarity, b.document_id))
            candidates[b.document_id].append((similarity, a.document_id))
    best = {doc: max(options)[1] for doc, options in candidates.items() if options}
    parent = {item.document_id: item.document_id for item in items}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc, other in best.items():
        if best.get(other) == doc:
            parent[find(doc)] = find(other)
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
