"""Types of the text stage: what a raw input becomes once cleaned, dated and language-tagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

#: How a date was found. ``given``: the input said so (JSONL ``published``); ``meta``: HTML
#: metadata; ``url``: a date in the address; ``text``: a dateline; ``feed``: the feed item.
DateSource = Literal["given", "meta", "url", "text", "feed"]
#: Paragraph languages: the four charterwatch reads, ``other`` for any other, ``unknown`` when a
#: line is too short or too ambiguous to call.
ParagraphLanguage = Literal["en", "az", "tr", "ru", "other", "unknown"]


@dataclass(frozen=True)
class RawDocument:
    """An input as read: bytes decoded to text (HTML or plain), plus what the source said of it.

    Built by :mod:`charterwatch.ingest`; everything after it is pure.
    """

    source_key: str                 # identity of the input: re-ingesting it adds nothing
    input_format: Literal["html", "text"]
    content: str | None             # None when the input was not text at all
    url: str | None = None
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    published_source: DateSource | None = None  # "given" or "feed" when published is set
    problem: str | None = None      # why the input cannot be used (binary, too large, ...)
    origin: str = "file"            # file | jsonl | url | feed | warc

    @property
    def name(self) -> str:
        """What summaries call the input: its URL, else its path, else the start of its key."""
        return self.url or self.path or self.source_key[:12]


@dataclass(frozen=True)
class Paragraph:
    position: int
    text: str
    language: ParagraphLanguage
    confidence: float
    start_char: int
    end_char: int


@dataclass(frozen=True)
class LanguageSpan:
    """A run of consecutive paragraphs in one language."""

    language: ParagraphLanguage
    first_paragraph: int
    last_paragraph: int
    chars: int


@dataclass(frozen=True)
class CleanDocument:
    """A document ready for the later stages: clean paragraphs, an honest date, languages."""

    source_key: str
    input_format: str
    origin: str
    url: str | None
    outlet: str | None
    title: str | None
    text: str
    paragraphs: list[Paragraph]
    language: ParagraphLanguage | None          # main language (most characters), None if none
    language_shares: dict[str, float]           # share of characters per language
    language_spans: list[LanguageSpan]
    published: dt.date | None
    date_source: DateSource | None
    date_note: str | None = None                # why undateable, or how a yearless date was resolved
    removed: dict[str, int] = field(default_factory=dict)  # boilerplate lines removed, by reason

    @property
    def mixed(self) -> bool:
        """More than one of the four languages with a real share: a half-translated copy."""
        return sum(1 for lang, share in self.language_shares.items()
                   if lang in ("en", "az", "tr", "ru") and share >= 0.15) > 1


@dataclass(frozen=True)
class Rejection:
    """An input that gave no usable document; stored so that it is never silently empty."""

    source_key: str
    input_format: str
    origin: str
    url: str | None
    outlet: str | None
    title: str | None
    reason: str
