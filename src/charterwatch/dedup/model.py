"""Types of the dedup stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

CopyKind = Literal["exact", "near", "partial", "translation"]
#: From closest to loosest; a copy reached through several links takes the loosest kind.
KIND_ORDER: tuple[CopyKind, ...] = ("exact", "near", "partial", "translation")


@dataclass(frozen=True)
class DedupParagraph:
    text: str
    language: str


@dataclass(frozen=True)
class DedupDocument:
    """What copy detection needs of a stored document."""

    id: int
    paragraphs: tuple[DedupParagraph, ...]
    published: dt.date | None
    mixed: bool = False

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def languages(self) -> set[str]:
        return {p.language for p in self.paragraphs if p.language in ("en", "az", "tr", "ru")}


@dataclass(frozen=True)
class CopyPair:
    """A detected relation between two documents, before originals are chosen."""

    a: int
    b: int
    kind: CopyKind
    score: float
    #: for partial copies, the document contained in the other
    contained: int | None = None


@dataclass(frozen=True)
class CopyLink:
    """``document_id`` copies ``original_id``; downstream stages count only originals."""

    document_id: int
    original_id: int
    kind: CopyKind
    score: float
