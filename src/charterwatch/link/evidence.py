"""``link_passages(paragraphs, agreement, ...)``: which paragraphs are evidence for which provisions.

A cascade, cheap signals first, the embedding model only on paragraphs that have a candidate:
1. keywords of each provision, in all four languages, at word starts (case endings allowed);
2. entities named in the paragraph that the provision's keywords name too (TRIPP, Nakhchivan);
3. the multilingual embedding of the paragraph against every provision's summary: a candidate
   must rank among the closest few provisions (rank, not a cosine cut: cosines are squeezed);
4. the event type and the cue that decided it (:mod:`charterwatch.link.events`).
A paragraph dated before the agreement's own history starts is not evidence for it.
Pure: paragraphs, agreement, lexicon and an embedder in; links out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np

from charterwatch.agreement.model import Agreement, Provision
from charterwatch.entities.mentions import Lexicon, Mention, find_mentions
from charterwatch.link.events import classify_event

#: A candidate must be among this many provisions closest to the paragraph in the embedding space.
MAX_SEMANTIC_RANK = 4
#: Keywords of this length or shorter must match whole words ("gas" is not "gasoline").
SHORT_KEYWORD = 4
#: Letters a keyword may be followed by (case endings, plurals) before the word ends.
MAX_ENDING = 5
#: A report of an act weighs more than a plan, and a plan more than a passing mention or an opinion.
EVENT_WEIGHT = {"mentioned": 0.6, "announced": 0.8, "meeting_held": 1.0, "agreed": 1.0, "funded": 1.0, "started": 1.0,
                "delivered": 1.0, "stalled": 1.0}


@dataclass(frozen=True)
class ParagraphInput:
    key: object                 # the caller's id (paragraph id, or an index)
    text: str
    language: str
    published: dt.date | None = None


@dataclass(frozen=True)
class EvidenceLink:
    key: object
    provision_id: str
    score: float
    event_type: str
    cue: str | None
    quote: str
    quote_start: int
    quote_end: int
    keywords: tuple[str, ...]
    entities: tuple[str, ...]
    semantic_rank: int
    reasons: dict = field(default_factory=dict)


def _keyword_pattern(keyword: str) -> re.Pattern:
    word = re.escape(keyword.casefold())
    tail = r"(?!\w)" if len(keyword) <= SHORT_KEYWORD else rf"\w{{0,{MAX_ENDING}}}(?!\w)"
    return re.compile(rf"(?<!\w){word}{tail}")


class ProvisionIndex:
    """Keyword patterns, entity links and summary vectors of an agreement's provisions, built once."""

    def __init__(self, agreement: Agreement, lexicon: Lexicon, embed):
        self.agreement = agreement
        self.provisions: list[Provision] = agreement.provisions
        self.patterns = {p.id: [(kw, _keyword_pattern(kw)) for words in p.keywords.values() for kw in words]
                         for p in self.provisions}
        self.entity_links: dict[str, set[str]] = {}
        for p in self.provisions:
            # only a keyword that is wholly a name links its entity ("Trump Route" is TRIPP, not Trump)
            named = {m.entity for words in p.keywords.values() for kw in words for m in find_mentions(kw, lexicon)
                     if m.start == 0 and m.end == len(kw)}
            for entity in named:
                self.entity_links.setdefault(entity, set()).add(p.id)
        self.vectors = embed([f"{p.summary} {' '.join(p.keywords.get('en', []))}" for p in self.provisions])
        self.lexicon = lexicon
        self.embed = embed
        dates = [e.date for e in agreement.timeline] + [agreement.agreement.signed]
        #: evidence must be dated on or after the first dated fact of the agreement's history
        self.history_starts = min(dates)
        #: how many paragraphs reached the embedding model in the last link_passages call
        self.last_candidates = 0


def _keyword_hits(text: str, index: ProvisionIndex) -> dict[str, list[tuple[str, int, int]]]:
    lowered = text.casefold()
    hits: dict[str, list[tuple[str, int, int]]] = {}
    for provision_id, patterns in index.patterns.items():
        for keyword, pattern in patterns:
            for match in pattern.finditer(lowered):
                hits.setdefault(provision_id, []).append((keyword, match.start(), match.end()))
    return hits


_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[»”\"')]*|$)")


def _quote(text: str, spans: list[tuple[int, int]]) -> tuple[str, int, int]:
    """The sentence(s) holding the signals; the whole paragraph when it is short."""
    if len(text) <= 320:
        return text, 0, len(text)
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    chosen = [s for s in sentences if any(s[0] <= a < s[1] for a, _ in spans)] or sentences[:1]
    start, end = chosen[0][0], chosen[-1][1]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[start:end], start, end


def link_passages(paragraphs: list[ParagraphInput], index: ProvisionIndex) -> list[EvidenceLink]:
    """Evidence links for ``paragraphs`` against the index's agreement, best first per paragraph."""
    prepared = []
    for paragraph in paragraphs:
        if paragraph.published is not None and paragraph.published < index.history_starts:
            continue
        hits = _keyword_hits(paragraph.text, index)                                              # 1
        mentions: list[Mention] = [m for m in find_mentions(paragraph.text, index.lexicon) if m.matched_by != "fuzzy"]
        for mention in mentions:                                                                 # 2
            for provision_id in index.entity_links.get(mention.entity, ()):
                hits.setdefault(provision_id, []).append((mention.entity, mention.start, mention.end))
        if hits:
            prepared.append((paragraph, hits, mentions))
    index.last_candidates = len(prepared)
    if not prepared:
        return []
    vectors = index.embed([p.text for p, _, _ in prepared])                                      # 3
    sims = vectors @ index.vectors.T
    links: list[EvidenceLink] = []
    ids = [p.id for p in index.provisions]
    for (paragraph, hits, mentions), row in zip(prepared, sims):
        order = list(np.argsort(-row))
        rank_of = {ids[i]: r + 1 for r, i in enumerate(order)}
        event = classify_event(paragraph.text)                                                   # 4
        for provision_id, signals in hits.items():
            rank = rank_of[provision_id]
            if rank > MAX_SEMANTIC_RANK:
                continue
            keywords = tuple(sorted({s[0] for s in signals if "." not in s[0] or s[0] not in index.entity_links}))
            strength = min(1.0, 0.5 + 0.25 * (len({s[0] for s in signals}) - 1))
            score = round((0.5 * strength + 0.5 * (1 - (rank - 1) / MAX_SEMANTIC_RANK)) * EVENT_WEIGHT[event.event], 3)
            quote, start, end = _quote(paragraph.text, [(a, b) for _, a, b in signals])
            links.append(EvidenceLink(
                key=paragraph.key, provision_id=provision_id, score=score, event_type=event.event, cue=event.cue,
                quote=quote, quote_start=start, quote_end=end, keywords=keywords,
                entities=tuple(sorted({m.entity for m in mentions})), semantic_rank=rank,
                reasons={"signals": sorted({s[0] for s in signals}), "cosine": round(float(row[ids.index(provision_id)]), 4)}))
    return sorted(links, key=lambda link: (str(link.key), -link.score))
