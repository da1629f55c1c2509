"""Typed rows the store hands to the stages and surfaces: what a row holds is named once, here,
so a stage reads ``evidence.published``, not ``row["published"]``, and a misspelt field fails at once.

Plain frozen dataclasses with no behaviour beyond ``as_dict``: they travel to back-fill workers,
into templates (Jinja reads attributes) and, through :func:`charterwatch.plain.to_jsonable`, into JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass


class _Row:
    def as_dict(self) -> dict:
        """The row's fields as a dict (dates stay dates): what exports and CSV writers take."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True)
class Evidence(_Row):
    """A paragraph linked to a provision, with where it comes from. ``source`` is the outlet it
    speaks for: a copy speaks for its original's outlet, so it never counts as a second source."""

    document_id: int
    copy_of: int | None
    source: str
    paragraph_index: int
    provision_id: str
    event_type: str
    score: float
    quote: str
    quote_start: int | None
    quote_end: int | None
    cue: str | None
    entities: list | None
    language: str | None
    published: dt.date | None
    outlet: str | None
    title: str | None
    url: str | None


@dataclass(frozen=True)
class FoldedEvidence(Evidence):
    """An evidence row as lists show it: with the rows of documents that copy it (translated or
    syndicated) folded under it, and, in a briefing, the number it is cited by."""

    copies: list[Evidence] = dataclasses.field(default_factory=list)
    source_number: int | None = None

    @classmethod
    def of(cls, row: Evidence) -> FoldedEvidence:
        return cls(**row.as_dict(), copies=[])


@dataclass(frozen=True)
class StoredParagraph(_Row):
    """A stored paragraph with what understanding needs of its document."""

    paragraph_id: int
    document_id: int
    position: int
    text: str
    language: str | None
    published: dt.date | None
    outlet: str | None
    title: str | None
    copy_of: int | None


@dataclass(frozen=True)
class Story(_Row):
    """Originals reporting one event, across outlets and languages."""

    id: int
    title: str | None
    document_ids: list[int]
    first_seen: dt.date | None
    last_seen: dt.date | None
    languages: list[str] | None
    #: independent outlets among its originals (the codebook's `sources`, an integer)
    sources: int
    #: some report in it is on topic; False: background reports the relevance gate let through
    on_topic: bool = True


@dataclass(frozen=True)
class UnderstandingWritten(_Row):
    """What storing a batch of understood documents changed."""

    on_topic: int
    off_topic: int
    stories: int
    proposed: int


__all__ = ["Evidence", "FoldedEvidence", "StoredParagraph", "Story", "UnderstandingWritten"]
