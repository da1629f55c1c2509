"""``clean_document(raw, ...)``: a raw input in, a clean, dated, language-tagged document out.

The stages, in order (numbered in the body too):
1. refuse inputs that are not text;
2. HTML through trafilatura (main text, title, site name); plain text split into paragraphs;
3. read the top lines for a dateline before anything is removed;
4. strip boilerplate (chrome, the outlet's recurring lines, a repeated body);
5. refuse what is left if it is too little to be a document;
6. detect the language of each paragraph;
7. date the document from its signals.
Pure: no network, database or clock (``as_of`` is passed in).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura

from charterwatch.text.boilerplate import is_chrome, recurring_lines, strip_boilerplate
from charterwatch.text.dates import DateFinding, date_from_json_ld, date_from_metadata, find_document_date
from charterwatch.text.language import LanguageGuess, LanguageIdentifier, language_shares, language_spans
from charterwatch.text.model import CleanDocument, Paragraph, RawDocument, Rejection

#: Fewer words than this after cleaning, and an input is rejected: a headline with a share button
#: is not a document.
MIN_WORDS = 25
#: Lines of wrapped prose are at least this long; shorter ones are headings or chrome.
WRAPPED_LINE = 40
_SENTENCE_END = re.compile(r"[.!?:;»”\"')\]…]$")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: one per line, except that hard-wrapped lines are joined.

    A long line is joined to the next when it does not end a sentence and the next starts in lower
    case (how wrapped prose looks), so one-paragraph-per-line files and wrapped Markdown both work;
    short lines ("Opinion", a site name) are never joined.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        current = ""
        for line in (raw.strip() for raw in block.split("\n")):
            if not line:
                continue
            wrapped = len(current.rsplit("\n", 1)[-1]) >= WRAPPED_LINE if current else False
            if current and wrapped and not _SENTENCE_END.search(current) and line[:1].islower():
                current += " " + line
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return paragraphs


def outlet_chrome(raws: list[RawDocument]) -> dict[str, set[str]]:
    """Lines recurring across the plain-text inputs of one outlet (or one folder) read together."""
    groups: dict[str, list[list[str]]] = defaultdict(list)
    for raw in raws:
        if raw.input_format == "text" and raw.content:
            groups[chrome_group(raw)].append(split_paragraphs(raw.content))
    return {group: recurring_lines(docs) for group, docs in groups.items()}


def chrome_group(raw: RawDocument) -> str:
    return raw.outlet or (str(Path(raw.path).parent) if raw.path else "")


def _title_from_text(paragraphs: list[str]) -> str | None:
    """The first line is the headline when it is short and does not end like a sentence."""
    if (len(paragraphs) > 1 and len(paragraphs[0]) <= 200 and not re.search(r"[.!?]$", paragraphs[0])
            and is_chrome(paragraphs[0]) is None):
        return paragraphs[0]
    return None


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _reject(raw: RawDocument, reason: str, title: str | None = None) -> Rejection:
    return Rejection(source_key=raw.source_key, input_format=raw.input_format, origin=raw.origin, url=raw.url,
                     outlet=raw.outlet or _outlet_from_url(raw.url), title=title or raw.title, reason=reason)


@dataclass
class _Extracted:
    """A document after stages 1-5, waiting for its languages (detected for a whole batch at once)."""

    raw: RawDocument
    title: str | None
    outlet: str | None
    paragraphs: list[str]
    removed: dict
    date: DateFinding


def clean_document(raw: RawDocument, *, identifier: LanguageIdentifier, as_of: dt.date,
                   outlet_chrome: set[str] = frozenset()) -> CleanDocument | Rejection:
    """Turn one raw input into a :class:`CleanDocument`, or a :class:`Rejection` with the reason.

    :param identifier: the language detector (built once by the caller)
    :param as_of: the day of ingest: dates after it are impossible
    :param outlet_chrome: normalised lines that recur across this outlet's documents
    """
    return clean_documents([(raw, outlet_chrome)], identifier=identifier, as_of=as_of)[0]


def clean_documents(raws: list[tuple[RawDocument, set[str]]], *, identifier: LanguageIdentifier,
                    as_of: dt.date) -> list[CleanDocument | Rejection]:
    """:func:`clean_document` for a batch (each raw input with its outlet's recurring lines): the
    languages of every paragraph in the batch are detected in one call, spread over the cores."""
    extracted = [_extract(raw, chrome, as_of) for raw, chrome in raws]
    texts = [p for e in extracted if isinstance(e, _Extracted) for p in e.paragraphs]
    guesses = iter(identifier.detect_many(texts))
    return [e if isinstance(e, Rejection) else _finish(e, [next(guesses) for _ in e.paragraphs]) for e in extracted]


def _extract(raw: RawDocument, outlet_chrome: set[str], as_of: dt.date) -> _Extracted | Rejection:
    # 1. not text at all
    if raw.problem:
        return _reject(raw, raw.problem)
    if raw.content is None or not raw.content.strip():
        return _reject(raw, "empty input")

    # 2. main text
    html = raw.content if raw.input_format == "html" else None
    title, outlet = raw.title, raw.outlet
    meta_date = None
    if html is not None:
        # htmldate runs once, inside trafilatura, on the tree it already parsed: metadata only (no
        # guessing from body text), the original date rather than an update, nothing after as_of
        result = trafilatura.bare_extraction(html, url=raw.url, with_metadata=True, include_comments=False,
                                             include_tables=False, favor_precision=True,
                                             date_extraction_params={"original_date": True, "extensive_search": False,
                                                                     "max_date": as_of.isoformat()})
        extracted = result.as_dict() if result is not None else None
        body = (extracted or {}).get("text") or ""
        if not body.strip():
            scripted = len(re.findall(r"<script", html, re.IGNORECASE))
            return _reject(raw, "no article text in the page" + (f" (JavaScript-only: {scripted} scripts)" if scripted else ""),
                           title=(extracted or {}).get("title"))
        title = title or (extracted or {}).get("title")
        outlet = outlet or (extracted or {}).get("sitename")
        meta_date = date_from_json_ld(html) or date_from_metadata((extracted or {}).get("date"))
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    else:
        paragraphs = split_paragraphs(raw.content)
        if title is None:
            title = _title_from_text(paragraphs)
            if title is not None:
                paragraphs = paragraphs[1:]
    outlet = outlet or _outlet_from_url(raw.url)

    # 3. dateline candidates, before chrome (a "• 11 February, 2026" line) is removed
    top_lines = paragraphs[:6]

    # 4. boilerplate
    extracted_paragraphs = paragraphs
    paragraphs, removed = strip_boilerplate(paragraphs, outlet=outlet, title=title, outlet_chrome=outlet_chrome,
                                            extracted=html is not None)

    # 5. enough left? A page trafilatura found an article in is never refused: when the boilerplate
    # step would leave too little, trafilatura's text stands as it was.
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_WORDS:
        if html is None:
            return _reject(raw, f"too little text after cleaning ({words} words)", title=title)
        paragraphs, removed = extracted_paragraphs, {}

    # 7. date
    finding = find_document_date(given=raw.published, given_source=raw.published_source, meta=meta_date,
                                 url=raw.url, lines=top_lines, as_of=as_of, page=html)
    return _Extracted(raw, title, outlet, paragraphs, dict(removed), finding)


def _finish(e: _Extracted, guesses: list[LanguageGuess]) -> CleanDocument:
    # 6. language per paragraph
    languages = [g.language for g in guesses]
    lengths = [len(p) for p in e.paragraphs]
    shares = language_shares(languages, lengths)
    main = next((lang for lang in shares if lang in ("en", "az", "tr", "ru")), None)
    built: list[Paragraph] = []
    offset = 0
    for position, (text, guess) in enumerate(zip(e.paragraphs, guesses)):
        built.append(Paragraph(position, text, guess.language, guess.confidence, offset, offset + len(text)))
        offset += len(text) + 2
    raw = e.raw
    return CleanDocument(
        source_key=raw.source_key, input_format=raw.input_format, origin=raw.origin, url=raw.url, outlet=e.outlet,
        title=e.title, text="\n\n".join(e.paragraphs), paragraphs=built, language=main, language_shares=shares,
        language_spans=language_spans(languages, lengths), published=e.date.date, date_source=e.date.source,
        date_note=e.date.note, removed=e.removed,
    )
