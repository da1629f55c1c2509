"""The back-fill's tasks: what an engine's workers run. Each is a plain function of its arguments
(no clock, no database), so a retried task returns what the first try did, and the store, written
by the driver only, gets it once.

1. :func:`prepare_shard`: read one WARC or JSONL shard, clean and date each document, detect
   paragraph languages (the same :func:`charterwatch.text.clean.clean_documents` as ``ingest``),
   run the relevance gate and embed the paragraphs of the documents it lets through (the costly
   part: most of a news stream is refused and never embedded, as in ``understand``).
2. :func:`band_keys`: the copy stage's MinHash band keys and long-paragraph keys of a chunk of
   stored documents, split into partitions by key.
3. :func:`join_partition`: one partition of every chunk's keys joined: the pairs sharing a band,
   and how many long paragraphs each pair shares. The driver adds them up, re-checks each pair on
   its exact shingles and finishes copy detection as ``ingest`` does.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from charterwatch.agreement.model import Agreement
from charterwatch.dedup.copies import copy_signature, pairs_from_groups
from charterwatch.dedup.embedding import embedding_key, with_cache
from charterwatch.dedup.model import DedupDocument
from charterwatch.entities.mentions import Lexicon, find_mentions
from charterwatch.ingest.files import read_file
from charterwatch.link.relevance import RelevanceGate, document_mentions
from charterwatch.text.clean import chrome_group, clean_documents, outlet_chrome
from charterwatch.text.model import CleanDocument, RawDocument, Rejection

#: Raw documents cleaned together inside a shard (as ``ingest`` batches a stream): an outlet's
#: recurring lines are learned within one batch.
SHARD_BATCH = 200


def relevant(document: CleanDocument, gate: RelevanceGate, lexicon: Lexicon) -> bool:
    """Whether any agreement's gate lets the document through (then its paragraphs are embedded),
    judged as understanding judges it."""
    text = "\n\n".join([document.title or "", *(p.text for p in document.paragraphs)])
    mentions = document_mentions(document.title, [m for p in document.paragraphs for m in find_mentions(p.text, lexicon)],
                                 lexicon)
    return any(v.relevant for v in gate.verdicts(text=text, published=document.published, mentions=mentions).values())


@dataclass(frozen=True)
class PreparedDocument:
    name: str                         # what the summary calls the input (URL, path, or key)
    path: str | None
    source_key: str
    result: CleanDocument | Rejection


@dataclass
class PreparedShard:
    shard: str
    documents: list[PreparedDocument] = field(default_factory=list)
    #: sha256 of a paragraph's text -> its float32 vector (the store's embedding cache format)
    vectors: dict[str, bytes] = field(default_factory=dict)


_EMBEDDER = None


def _embedder():
    """One embedding model per worker process, loaded on first use."""
    global _EMBEDDER
    if _EMBEDDER is None:
        from charterwatch.dedup.embedding import PassageEmbedder

        _EMBEDDER = PassageEmbedder()
    return _EMBEDDER


_IDENTIFIER = None


def _identifier():
    global _IDENTIFIER
    if _IDENTIFIER is None:
        from charterwatch.text.language import LanguageIdentifier

        _IDENTIFIER = LanguageIdentifier()
    return _IDENTIFIER


def prepare_shard(shard: str, as_of: dt.date, gate: RelevanceGate, lexicon: Lexicon, embed: bool = True) -> PreparedShard:
    """Read, clean and embed one shard (see the module's docstring).

    :param as_of: the day of the back-fill (dates after it are impossible)
    :param embed: False leaves every embedding to the driver (for measuring the split)
    """
    out = PreparedShard(shard)
    batch: list[RawDocument] = []

    def flush() -> None:
        chrome = outlet_chrome(batch)
        cleaned = clean_documents([(raw, chrome.get(chrome_group(raw), set())) for raw in batch],
                                  identifier=_identifier(), as_of=as_of)
        texts: list[str] = []
        for raw, result in zip(batch, cleaned):
            out.documents.append(PreparedDocument(raw.name, raw.path, raw.source_key, result))
            if embed and isinstance(result, CleanDocument) and relevant(result, gate, lexicon):
                texts.extend(p.text for p in result.paragraphs)
        texts = [t for t in dict.fromkeys(texts)]
        if texts:
            for text, vector in zip(texts, _embedder()(texts)):
                out.vectors[embedding_key(text)] = vector.astype("float32").tobytes()
        batch.clear()

    for raw in read_file(Path(shard)):
        batch.append(raw)
        if len(batch) >= SHARD_BATCH:
            flush()
    if batch:
        flush()
    return out


@dataclass
class KeyPartition:
    """One partition of a chunk's keys: band key -> documents, long-paragraph key -> documents."""

    bands: dict[bytes, list[int]] = field(default_factory=lambda: defaultdict(list))
    paragraphs: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


def band_keys(documents: list[DedupDocument], partitions: int) -> list[KeyPartition]:
    """Each document's band and long-paragraph keys, split by a key's own bits (stable in every
    process, unlike Python's salted ``hash``)."""
    out = [KeyPartition() for _ in range(partitions)]
    for doc in documents:
        if not doc.paragraphs:
            continue
        signature = copy_signature(doc)
        for key in signature.bands:
            out[int.from_bytes(key[-4:], "big") % partitions].bands[key].append(doc.id)
        for key in signature.paragraphs:
            out[key % partitions].paragraphs[key].append(doc.id)
    return out


@dataclass
class JoinedPartition:
    band_pairs: set[tuple[int, int]]
    paragraph_pairs: dict[tuple[int, int], int]


def join_partition(partition: int, *chunks: list[KeyPartition]) -> JoinedPartition:
    """Partition ``partition`` of every chunk, joined on its keys."""
    bands: dict[bytes, list[int]] = defaultdict(list)
    paragraphs: dict[int, list[int]] = defaultdict(list)
    for chunk in chunks:
        for key, ids in chunk[partition].bands.items():
            bands[key].extend(ids)
        for key, ids in chunk[partition].paragraphs.items():
            paragraphs[key].extend(ids)
    return JoinedPartition(*pairs_from_groups(bands, paragraphs))


_INDEXES: dict[str, list] = {}


def understand_batch_task(batch: list[int], paragraphs: list[dict], first_time: set[int], agreements: list[Agreement],
                          lexicon: Lexicon, gate: RelevanceGate, vectors: dict[str, bytes], fingerprint: str):
    """:func:`charterwatch.pipeline.understand_batch` on a worker: the batch's vectors come with it
    (from the store's cache); the provisions' indexes are built once per worker and understanding
    ``fingerprint`` (the driver's: agreements, names, model)."""
    from charterwatch.pipeline import provision_indexes, understand_batch

    if fingerprint not in _INDEXES:
        _INDEXES.clear()
        _INDEXES[fingerprint] = provision_indexes(agreements, lexicon, _embedder())
    embed = with_cache(_embedder(), lambda keys: {k: vectors[k] for k in keys if k in vectors}, vectors.update)
    return understand_batch(batch, paragraphs, first_time, agreements, lexicon, gate, _INDEXES[fingerprint], embed)
