"""``find_copies(documents, embed=...)``: which documents copy which, and which is the original.

A cascade, cheapest first:
1. exact: equal normalised text;
2. near and partial: MinHash LSH over word 5-shingles (plus shared long paragraphs) proposes
   pairs; exact Jaccard and containment on the shingle sets decide;
3. translation: pairs in different languages that share numbers and names and, if dated, lie
   within a fortnight, go to the multilingual embedding model; paragraphs are aligned by mutual
   best match with a margin over the next candidate (never by a fixed cosine cut: the model's
   cosines are squeezed), aligned paragraphs must not disagree on numbers, and their margins
   must be clear on average;
4. originals: in each group of copies the earliest dated document (among several of that day,
   the fullest one in the group's majority language), else the fullest
   single-language one, is the original; every other member points to it.
Pure: documents in, links out; the embedding function is passed in.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from datasketch import MinHashLSH

from charterwatch.dedup.model import KIND_ORDER, CopyLink, CopyPair, DedupDocument
from charterwatch.dedup.normalize import (
    NUM_PERM,
    minhash,
    name_anchors,
    normalize_text,
    numbers_in,
    paragraph_key,
    shingle_hashes,
    text_hash,
)

Embed = Callable[[list[str]], np.ndarray]

#: Bumped when a change to these rules can change the copies found, so stores recompute theirs.
COPY_RULES = 2
#: MinHash LSH proposes pairs above this estimated Jaccard; the exact check decides.
LSH_THRESHOLD = 0.5
#: Exact Jaccard of shingle sets at or above this: a near-duplicate (a syndicated copy).
NEAR_JACCARD = 0.8
#: Share of the smaller document's shingles found in the larger: a partial copy...
PARTIAL_CONTAINMENT = 0.8
#: ...unless the two are about the same size, which makes it a near copy.
NEAR_SIZE_RATIO = 0.8
#: Paragraphs shorter than this are not used to propose partial copies (headings repeat).
LONG_PARAGRAPH = 60
#: Long paragraphs two documents must share for the pair to be checked as a partial copy.
MIN_SHARED_PARAGRAPHS = 2
#: A paragraph in more documents than this is standing text (a disclaimer), not a copy signal.
MAX_SHARED_PARAGRAPH_DOCUMENTS = 50
#: Dated translations appear within this many days of their original.
TRANSLATION_WINDOW_DAYS = 14
#: Overlap coefficient of number and name anchors a pair needs before the embedding model runs.
MIN_ANCHOR_OVERLAP = 0.25
#: An aligned paragraph's best match must beat the runner-up by this much cosine.
ALIGN_MARGIN = 0.015
#: ...and a translated copy's aligned paragraphs must lead by this much on average. Translations
#: in ../shared/realnews and the seeds lead by 0.04 to 0.07 on average (single paragraphs down to
#: 0.022); a commentary paraphrasing the clauses a signing report lists led by 0.021, and passed
#: as a translation while only each paragraph's lead was checked.
MIN_MEAN_MARGIN = 0.03
#: A translated copy needs at least this many paragraphs aligned across languages, in order.
MIN_CROSS_ALIGNED = 2
#: Share of the smaller document's characters that must align for a translated copy.
MIN_ALIGNED_SHARE = 0.6


def exact_pairs(documents: list[DedupDocument]) -> list[CopyPair]:
    groups: dict[str, list[int]] = defaultdict(list)
    for doc in documents:
        groups[text_hash(doc.text)].append(doc.id)
    return [CopyPair(ids[0], other, "exact", 1.0) for ids in groups.values() for other in ids[1:]]


@dataclass(frozen=True)
class CopySignature:
    """What the near/partial step needs of one document, computed once per document (for a
    back-fill, on the engine's workers): its shingle hashes, one key per LSH band, and the keys of
    its long paragraphs. Two documents are proposed when they share a band key (exactly what
    MinHash LSH's query finds) or two long paragraphs."""

    document_id: int
    shingles: np.ndarray
    bands: tuple[bytes, ...]
    paragraphs: tuple[int, ...]


@dataclass
class CopyProposals:
    """Candidate pairs (smaller id first) and the shingles that decide them."""

    shingles: dict[int, np.ndarray]
    candidates: set[tuple[int, int]]


@functools.lru_cache(maxsize=1)
def lsh_bands() -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH picks for :data:`LSH_THRESHOLD`."""
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def copy_signature(doc: DedupDocument) -> CopySignature:
    values = shingle_hashes(doc.text)
    if values.size == 0:
        return CopySignature(doc.id, values, (), ())
    hashvalues = minhash(values).hashvalues
    bands, rows = lsh_bands()
    keys = tuple(i.to_bytes(2, "big") + hashvalues[i * rows:(i + 1) * rows].tobytes() for i in range(bands))
    paragraphs = tuple(paragraph_key(p.text) for p in doc.paragraphs if len(p.text) >= LONG_PARAGRAPH)
    return CopySignature(doc.id, values, keys, paragraphs)


def band_pairs(members: Iterable[int]) -> set[tuple[int, int]]:
    """Every pair among the documents sharing one band key."""
    ordered = sorted(set(members))
    return {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]}


def paragraph_pair_counts(members: Iterable[int], counts: dict[tuple[int, int], int]) -> None:
    """Add one shared long paragraph to each pair among ``members``. A paragraph found in very many
    documents is an outlet's standing text, not a sign of copying, and is skipped."""
    ordered = sorted(set(members))
    if len(ordered) > MAX_SHARED_PARAGRAPH_DOCUMENTS:
        return
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            counts[(a, b)] += 1


def propose_copies(signatures: Iterable[CopySignature]) -> CopyProposals:
    """Candidate pairs from shared band keys, and from two or more shared long paragraphs (partial
    copies have a low Jaccard). One pass; only compact hashes are kept."""
    shingles: dict[int, np.ndarray] = {}
    by_band: dict[bytes, list[int]] = defaultdict(list)
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for signature in signatures:
        shingles[signature.document_id] = signature.shingles
        for key in signature.bands:
            by_band[key].append(signature.document_id)
        for key in signature.paragraphs:
            by_paragraph[key].append(signature.document_id)
    return CopyProposals(shingles, proposed_pairs(*pairs_from_groups(by_band, by_paragraph)))


def pairs_from_groups(by_band: dict[bytes, list[int]], by_paragraph: dict[int, list[int]]
                      ) -> tuple[set[tuple[int, int]], dict[tuple[int, int], int]]:
    """The pairs among documents sharing a band key, and how many long paragraphs each pair shares
    (summed over partitions before :func:`proposed_pairs` judges them, when the keys are split)."""
    pairs: set[tuple[int, int]] = set()
    for members in by_band.values():
        if len(members) > 1:
            pairs |= band_pairs(members)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in by_paragraph.values():
        paragraph_pair_counts(members, shared)
    return pairs, dict(shared)


def proposed_pairs(pairs: set[tuple[int, int]], shared: dict[tuple[int, int], int]) -> set[tuple[int, int]]:
    """Band pairs, and pairs sharing at least :data:`MIN_SHARED_PARAGRAPHS` long paragraphs."""
    return pairs | {pair for pair, n in shared.items() if n >= MIN_SHARED_PARAGRAPHS}


def check_pairs(proposals: CopyProposals, linked: set[frozenset[int]]) -> list[CopyPair]:
    """The exact check of each proposed pair not already linked: Jaccard, then containment."""
    pairs = []
    for a, b in sorted(proposals.candidates):
        if frozenset((a, b)) in linked:
            continue
        sa, sb = proposals.shingles.get(a), proposals.shingles.get(b)
        if sa is None or sb is None or not sa.size or not sb.size:
            continue
        common = int(np.intersect1d(sa, sb, assume_unique=True).size)
        jaccard = common / (sa.size + sb.size - common)
        if jaccard >= NEAR_JACCARD:
            pairs.append(CopyPair(a, b, "near", round(jaccard, 3)))
            continue
        smaller = a if sa.size <= sb.size else b
        containment = common / min(sa.size, sb.size)
        if containment < PARTIAL_CONTAINMENT:
            continue
        if min(sa.size, sb.size) / max(sa.size, sb.size) >= NEAR_SIZE_RATIO:
            # Same size and mostly shared: an edited copy (short texts lose many shingles per edit).
            pairs.append(CopyPair(a, b, "near", round(containment, 3)))
        else:
            pairs.append(CopyPair(a, b, "partial", round(containment, 3), contained=smaller))
    return pairs


def shingle_pairs(documents: list[DedupDocument], linked: set[frozenset[int]]) -> list[CopyPair]:
    """Near and partial copies among documents not already linked (about a kilobyte and a half of
    hashes a document)."""
    return check_pairs(propose_copies(copy_signature(d) for d in documents), linked)


def translation_candidates(documents: list[DedupDocument], linked: set[frozenset[int]]) -> list[tuple[DedupDocument, DedupDocument]]:
    """Pairs worth the embedding model: different languages, close in time, shared anchors.

    Dated documents are compared only within the time window (sorted by date, so the work grows
    with the documents per fortnight, not with the square of the store); undated ones with all.
    """
    dated = sorted((d for d in documents if d.published), key=lambda d: (d.published, d.id))
    undated = [d for d in documents if not d.published]
    anchors = {d.id: numbers_in(d.text) | name_anchors(d.text) for d in documents}
    window = dt.timedelta(days=TRANSLATION_WINDOW_DAYS)

    def worth_it(a: DedupDocument, b: DedupDocument) -> bool:
        if frozenset((a.id, b.id)) in linked or not a.languages or not b.languages:
            return False
        if a.languages == b.languages and len(a.languages) == 1:
            return False  # same single language: shingles already had their say
        shared, smaller = anchors[a.id] & anchors[b.id], min(len(anchors[a.id]), len(anchors[b.id]))
        return bool(smaller) and len(shared) / smaller >= MIN_ANCHOR_OVERLAP

    out = []
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if b.published - a.published > window:
                break
            if worth_it(a, b):
                out.append((a, b))
    for k, a in enumerate(undated):
        for b in dated + undated[k + 1:]:
            if worth_it(a, b):
                out.append((a, b) if a.id < b.id else (b, a))
    return sorted(out, key=lambda pair: (pair[0].id, pair[1].id))


def _numbers_agree(a: str, b: str) -> bool:
    """Translations keep their digits (dates, sums, counts): both have none, or they mostly agree."""
    na, nb = numbers_in(a), numbers_in(b)
    if not na and not nb:
        return True
    if not na or not nb:
        return False
    return len(na & nb) / len(na | nb) >= 0.5


class AlignedParagraphs(NamedTuple):
    """Paragraph ``i`` of one document repeats or translates paragraph ``j`` of the other."""

    i: int
    j: int
    similarity: float
    cross_language: bool
    lead: float = 0.0   # cosine by which the match beats the runner-up (cross-language pairs)


def align_paragraphs(a: DedupDocument, b: DedupDocument, vectors: dict[str, np.ndarray]) -> list[AlignedParagraphs]:
    """Paragraphs of ``a`` and ``b`` that repeat or translate each other.

    Identical paragraphs pair first. The rest are compared language by language: a paragraph in
    Turkish competes only with the other Turkish paragraphs of its document, since a same-language
    pair always looks closer to the model than a translation does.
    """
    aligned: list[AlignedParagraphs] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    keys_b: dict[str, list[int]] = defaultdict(list)
    for j, paragraph in enumerate(b.paragraphs):
        keys_b[normalize_text(paragraph.text)].append(j)
    for i, paragraph in enumerate(a.paragraphs):
        candidates = [j for j in keys_b.get(normalize_text(paragraph.text), []) if j not in used_b]
        if candidates:
            aligned.append(AlignedParagraphs(i, candidates[0], 1.0, False))
            used_a.add(i)
            used_b.add(candidates[0])

    def by_language(doc: DedupDocument, used: set[int]) -> dict[str, list[int]]:
        groups: dict[str, list[int]] = defaultdict(list)
        for k, paragraph in enumerate(doc.paragraphs):
            if k not in used and paragraph.language in ("en", "az", "tr", "ru"):
                groups[paragraph.language].append(k)
        return groups

    groups_a, groups_b = by_language(a, used_a), by_language(b, used_b)
    for lang_a, rows in groups_a.items():
        for lang_b, columns in groups_b.items():
            if lang_a == lang_b:
                continue
            sims = np.stack([vectors[a.paragraphs[i].text] for i in rows]) @ np.stack(
                [vectors[b.paragraphs[j].text] for j in columns]).T
            for r, i in enumerate(rows):
                c = int(np.argmax(sims[r]))
                if int(np.argmax(sims[:, c])) != r:
                    continue  # not mutual
                j = columns[c]
                rivals = [*np.delete(sims[r], c), *np.delete(sims[:, c], r)]
                if not rivals:
                    # Alone in its language on both sides: compare with the other documents' paragraphs
                    # of any language instead; with none at all there is no rank to decide by.
                    rivals = [float(vectors[a.paragraphs[i].text] @ vectors[p.text]) for k, p in enumerate(b.paragraphs) if k != j]
                    rivals += [float(vectors[b.paragraphs[j].text] @ vectors[p.text]) for k, p in enumerate(a.paragraphs) if k != i]
                if not rivals or sims[r, c] - max(rivals) < ALIGN_MARGIN:
                    continue
                if _numbers_agree(a.paragraphs[i].text, b.paragraphs[j].text):
                    aligned.append(AlignedParagraphs(i, j, float(sims[r, c]), True, float(sims[r, c] - max(rivals))))
    return sorted(aligned)


def _in_order(aligned: list[AlignedParagraphs]) -> list[AlignedParagraphs]:
    """The longest chain of aligned pairs that keeps paragraph order on both sides.

    A translation keeps the order of its original; matches that cross each other are chance
    resemblances between paragraphs on the same topic.
    """
    pairs = sorted(aligned)
    best: list[list[AlignedParagraphs]] = []
    for k, pair in enumerate(pairs):
        chain = [pair]
        for m in range(k):
            if pairs[m][0] < pair[0] and pairs[m][1] < pair[1] and len(best[m]) + 1 > len(chain):
                chain = best[m] + [pair]
        best.append(chain)
    return max(best, key=len, default=[])


def translation_pairs(candidates: list[tuple[DedupDocument, DedupDocument]], embed: Embed) -> list[CopyPair]:
    texts = sorted({p.text for a, b in candidates for p in (*a.paragraphs, *b.paragraphs)})
    if not texts:
        return []
    vectors = dict(zip(texts, embed(texts)))
    pairs = []
    for a, b in candidates:
        aligned = _in_order(align_paragraphs(a, b, vectors))
        leads = [pair.lead for pair in aligned if pair.cross_language]
        if len(leads) < MIN_CROSS_ALIGNED or sum(leads) / len(leads) < MIN_MEAN_MARGIN:
            continue
        chars_a = sum(len(p.text) for p in a.paragraphs)
        chars_b = sum(len(p.text) for p in b.paragraphs)
        share_a = sum(len(a.paragraphs[pair.i].text) for pair in aligned) / chars_a
        share_b = sum(len(b.paragraphs[pair.j].text) for pair in aligned) / chars_b
        share = share_a if chars_a <= chars_b else share_b
        if share >= MIN_ALIGNED_SHARE:
            x, y = sorted((a.id, b.id))
            pairs.append(CopyPair(x, y, "translation", round(share, 3)))
    return pairs


def _main_language(doc: DedupDocument) -> str:
    chars: dict[str, int] = defaultdict(int)
    for p in doc.paragraphs:
        chars[p.language] += len(p.text)
    return max(chars, key=chars.get) if chars else ""


def _fullness(doc: DedupDocument) -> tuple:
    return (not doc.mixed, len(doc.paragraphs), len(doc.text), -doc.id)


def choose_originals(documents: Iterable[DedupDocument], pairs: list[CopyPair]) -> list[CopyLink]:
    """Group linked documents; in each group the earliest dated (else fullest) is the original."""
    by_id = {doc.id: doc for doc in documents}
    parent = {doc_id: doc_id for doc_id in by_id}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    edges: dict[int, list[tuple[int, CopyPair]]] = defaultdict(list)
    for pair in pairs:
        parent[find(pair.a)] = find(pair.b)
        edges[pair.a].append((pair.b, pair))
        edges[pair.b].append((pair.a, pair))
    groups: dict[int, list[int]] = defaultdict(list)
    for doc_id in by_id:
        groups[find(doc_id)].append(doc_id)

    links = []
    for members in groups.values():
        if len(members) < 2:
            continue
        docs = [by_id[m] for m in members]
        dated = [d for d in docs if d.published]
        # Among same-day documents the original is in the language most of the group shares (the
        # language it was syndicated in), then the fullest.
        degree = {m: len(edges[m]) for m in members}
        language_count: dict[str, int] = defaultdict(int)
        for d in docs:
            language_count[_main_language(d)] += 1
        if dated:
            first_day = min(d.published for d in dated)
            original = max((d for d in dated if d.published == first_day),
                           key=lambda d: (language_count[_main_language(d)], _fullness(d), degree[d.id]))
        else:
            original = max(docs, key=lambda d: (_fullness(d), degree[d.id]))
        # Walk out from the original; a member reached through several links takes the loosest kind.
        best: dict[int, tuple[int, float]] = {original.id: (0, 1.0)}
        frontier = [original.id]
        while frontier:
            nxt = []
            for node in frontier:
                rank_here, score_here = best[node]
                for other, pair in edges[node]:
                    rank = max(rank_here, KIND_ORDER.index(pair.kind))
                    score = min(score_here, pair.score)
                    if other not in best or (rank, -score) < (best[other][0], -best[other][1]):
                        best[other] = (rank, score)
                        nxt.append(other)
            frontier = nxt
        for member in sorted(members):
            if member != original.id:
                rank, score = best[member]
                links.append(CopyLink(member, original.id, KIND_ORDER[rank], round(score, 3)))
    return sorted(links, key=lambda link: link.document_id)


def find_copies(documents: list[DedupDocument], *, embed: Embed | None,
                proposals: CopyProposals | None = None) -> list[CopyLink]:
    """Every copy among ``documents`` with its original, kind and score.

    :param embed: texts -> L2-normalised vectors (rows); None skips translated copies
    :param proposals: near/partial candidates found elsewhere (a back-fill joins band keys on its
        engine); None finds them here
    """
    documents = [d for d in documents if d.paragraphs]
    pairs = exact_pairs(documents)                                               # 1
    linked = {frozenset((p.a, p.b)) for p in pairs}
    if proposals is None:
        proposals = propose_copies(copy_signature(d) for d in documents)
    pairs += check_pairs(proposals, linked)                                      # 2
    linked = {frozenset((p.a, p.b)) for p in pairs}
    if embed is not None:
        pairs += translation_pairs(translation_candidates(documents, linked), embed)  # 3
    return choose_originals(documents, pairs)                                    # 4
