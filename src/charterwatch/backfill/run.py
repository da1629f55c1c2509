"""``backfill(workspace, shards, engine=...)``: years of news into the store, on an engine.

The driver (this process) plans the shards, submits :func:`~charterwatch.backfill.tasks.prepare_shard`
for every one at once, and writes each shard's documents as its result comes, in shard order, in
batches of one transaction each, skipping what the store holds already (by source key), so a
re-run or a retried task adds nothing. The vectors the workers computed go into the store's
embedding cache. Then copies: band keys of every stored document are computed and joined per
partition on the engine; the driver re-checks the proposed pairs on their exact shingles and
finishes with translations (candidates only) and originals, as ``ingest`` does. Then the
monitoring cycle (understand, assess) runs on what came in, its embeddings found in the cache.
"""

from __future__ import annotations

import datetime as dt
import glob
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from charterwatch.backfill.engines import Engine
from charterwatch.backfill.tasks import band_keys, join_partition, prepare_shard
from charterwatch.dedup.copies import CopyProposals, Embed, proposed_pairs
from charterwatch.dedup.embedding import MODEL_NAME
from charterwatch.dedup.normalize import shingle_hashes
from charterwatch.ingest.files import JSONL_SUFFIXES, WARC_SUFFIXES, IngestError, suffix_of
from charterwatch.link.relevance import RelevanceGate
from charterwatch.pipeline import CycleReport, IngestReport, monitor, refresh_copies, store_cleaned, unseen
from charterwatch.workspace import Workspace

SHARD_SUFFIXES = WARC_SUFFIXES | JSONL_SUFFIXES
#: Documents written per transaction.
WRITE_BATCH = 200
#: Stored documents per band-key task, and partitions of the band-key join.
SIGNATURE_CHUNK = 2000
JOIN_PARTITIONS = 8


def plan_shards(sources: list[str]) -> list[Path]:
    """The shard files behind ``sources`` (files, folders, globs), in a stable order, each once.

    Raises :class:`IngestError` naming the first source that is missing, matches nothing, or is
    not a WARC or JSONL file, before anything is read.
    """
    out: list[Path] = []
    for source in sources:
        if any(c in source for c in "*?["):
            matched = sorted(Path(p) for p in glob.glob(source, recursive=True))
            files = [p for p in matched if p.is_file() and suffix_of(p) in SHARD_SUFFIXES]
            if not files:
                raise IngestError(f"{source}: matches no WARC or JSONL file")
        else:
            path = Path(source)
            if not path.exists():
                raise IngestError(f"{source}: no such file or folder")
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and suffix_of(p) in SHARD_SUFFIXES
                               and not p.name.startswith("."))
                if not files:
                    raise IngestError(f"{source}: holds no WARC or JSONL file")
            elif suffix_of(path) in SHARD_SUFFIXES:
                files = [path]
            else:
                raise IngestError(f"{source}: not a shard (expected {', '.join(sorted(SHARD_SUFFIXES))})")
        out.extend(files)
    return list(dict.fromkeys(p.resolve() for p in out))


@dataclass
class BackfillReport:
    engine: str
    workers: int
    shards: int
    ingest: IngestReport
    cycle: CycleReport | None = None
    vectors_from_workers: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"engine": self.engine, "workers": self.workers, "shards": self.shards, **self.ingest.as_dict(),
                "vectors_from_workers": self.vectors_from_workers,
                "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
                **(self.cycle.as_dict() if self.cycle else {})}


def backfill(workspace: Workspace, shards: list[Path], *, engine: Engine, as_of: dt.date, embed: Embed,
             defer: bool = False, progress: Callable[[str, int], None] | None = None,
             embed_on_workers: bool = True) -> BackfillReport:
    """Back-fill ``shards`` into the store (see the module's docstring).

    :param embed: the driver's embedder, for what the workers did not embed (translations of
        refused documents, paragraphs a cache lacks)
    :param defer: only store and find copies: leave understanding to ``charterwatch understand``
    :param progress: called with (stage, items done): "shards", then "understand"

    The engine is closed at the end.
    """
    report = BackfillReport(engine.name, engine.workers, len(shards), IngestReport())
    started = time.perf_counter()
    workspace.load_bundled_agreements()
    agreements = [workspace.agreement(s.id) for s in workspace.agreements() if s.stored]
    for agreement in agreements:
        workspace.sync_entities(agreement)
    lexicon = workspace.lexicon()
    gate = RelevanceGate.of(agreements, lexicon)
    handles = [engine.submit(prepare_shard, str(shard), as_of, gate, lexicon, embed_on_workers) for shard in shards]
    seen: set[str] = set()
    for done in range(1, len(handles) + 1):
        prepared = engine.result(handles[done - 1])
        handles[done - 1] = None          # the cluster may drop the result once it is stored
        for start in range(0, len(prepared.documents), WRITE_BATCH):
            fresh = unseen(workspace, prepared.documents[start:start + WRITE_BATCH], seen, report.ingest)
            store_cleaned(workspace, [(d.name, d.path, d.result) for d in fresh], report.ingest)
        if prepared.vectors:
            workspace.save_embeddings(MODEL_NAME, prepared.vectors)
            report.vectors_from_workers += len(prepared.vectors)
        if progress:
            progress("shards", done)
    report.seconds["read_clean_embed"] = time.perf_counter() - started

    mark = time.perf_counter()
    refresh_copies(workspace, report.ingest, embed=embed, propose=lambda documents: _proposals(engine, documents))
    report.seconds["copies"] = time.perf_counter() - mark

    if not defer:
        mark = time.perf_counter()
        # understanding's batches run on the engine too (a local engine: here, one after another)
        report.cycle = monitor(workspace, as_of=as_of, embed=embed, engine=None if engine.name == "local" else engine,
                               progress=(lambda n: progress("understand", n)) if progress else None)
        report.seconds["understand_assess"] = time.perf_counter() - mark
    engine.close()
    report.seconds["total"] = time.perf_counter() - started
    return report


def _proposals(engine: Engine, documents: list) -> CopyProposals:
    """Near/partial candidates: band keys in chunks, joined per partition, on the engine; the
    shingles of the documents proposed, for the exact check here."""
    chunks = [engine.submit(band_keys, documents[i:i + SIGNATURE_CHUNK], JOIN_PARTITIONS)
              for i in range(0, len(documents), SIGNATURE_CHUNK)]
    joined = [engine.result(engine.submit(join_partition, p, *chunks)) for p in range(JOIN_PARTITIONS)] if chunks else []
    pairs: set[tuple[int, int]] = set()
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for part in joined:
        pairs |= part.band_pairs
        for pair, n in part.paragraph_pairs.items():
            shared[pair] += n
    candidates = proposed_pairs(pairs, shared)
    involved = {i for pair in candidates for i in pair}
    return CopyProposals({d.id: shingle_hashes(d.text) for d in documents if d.id in involved}, candidates)
