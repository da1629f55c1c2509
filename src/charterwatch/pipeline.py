"""The main job and the ingest cycle, stage by stage. The only module that knows the order.

Main job: 1. store the bundled agreements; 2. resolve the chosen one; 3. ingest the bundled sample
news; 4. judge deadlines against the secretariats' records.
Ingest cycle: read (a stream, in batches) -> (skip inputs already stored) -> clean -> store each
batch in one transaction -> find copies over the whole store -> replace the copy table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from charterwatch.agreement.model import Agreement
from charterwatch.assess.deadlines import DueItem
from charterwatch.dedup.copies import CopyProposals, Embed, find_copies
from charterwatch.dedup.embedding import MODEL_NAME, embedding_key, with_cache
from charterwatch.entities.mentions import find_mentions
from charterwatch.entities.proposals import name_runs
from charterwatch.ingest.files import expand_paths, read_file
from charterwatch.link.evidence import ParagraphInput, ProvisionIndex, link_passages
from charterwatch.link.relevance import RelevanceGate, document_mentions
from charterwatch.rows import StoredParagraph
from charterwatch.store.understanding import DocumentUnderstanding
from charterwatch.stories.group import encode_story_vectors, signing_events
from charterwatch.text.clean import chrome_group, clean_documents, outlet_chrome
from charterwatch.text.language import LanguageIdentifier
from charterwatch.text.model import CleanDocument, RawDocument, Rejection
from charterwatch.workspace import Workspace


@dataclass
class IngestReport:
    """What one ingest cycle did."""

    added: list[int] = field(default_factory=list)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)   # (id, input, reason)
    skipped: int = 0                                                    # already stored
    copies: int = 0
    originals: int = 0
    undateable: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"added": len(self.added), "rejected": len(self.rejected), "skipped_already_stored": self.skipped,
                "copies_in_store": self.copies, "originals_in_store": self.originals,
                "undateable_added": self.undateable, "rejections": [
                    {"id": i, "input": name, "reason": reason} for i, name, reason in self.rejected],
                "warnings": self.warnings}


#: Called after each input: (input name, outcome) with outcome "added", "rejected" or "skipped".
Progress = Callable[[str, str], None]


def cached_embedder(workspace: Workspace, embed: Embed, model: str = MODEL_NAME) -> Embed:
    """``embed`` with the store's embedding cache in front: each text goes through the model once."""
    return with_cache(embed, lambda keys: workspace.load_embeddings(model, keys),
                      lambda vectors: workspace.save_embeddings(model, vectors))


#: Inputs read, cleaned and stored together: an outlet's recurring lines are learned within one
#: batch, and its documents are written in one transaction (a killed run loses at most one batch,
#: never half a document). Bounded by count and by characters, so a stream of any size is read in
#: bounded memory.
INGEST_BATCH = 200
INGEST_BATCH_CHARS = 8_000_000


def _batches(raws: Iterable[RawDocument]) -> Iterator[list[RawDocument]]:
    batch: list[RawDocument] = []
    chars = 0
    for raw in raws:
        batch.append(raw)
        chars += len(raw.content or "")
        if len(batch) >= INGEST_BATCH or chars >= INGEST_BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def ingest_raw_documents(workspace: Workspace, raws: Iterable[RawDocument], *, as_of: dt.date,
                         identifier: LanguageIdentifier, embed: Embed | None,
                         progress: Progress | None = None) -> IngestReport:
    """Clean and store new inputs, a batch at a time (read as a stream), then find copies across the store.

    :param as_of: the day of ingest (dates after it are impossible)
    :param embed: the multilingual embedder for translated copies; None skips them
    """
    report = IngestReport()
    seen_now: set[str] = set()
    for batch in _batches(raws):
        chrome = outlet_chrome(batch)
        fresh = unseen(workspace, batch, seen_now, report, progress)
        cleaned = clean_documents([(raw, chrome.get(chrome_group(raw), set())) for raw in fresh],
                                  identifier=identifier, as_of=as_of)
        store_cleaned(workspace, [(raw.name, raw.path, result) for raw, result in zip(fresh, cleaned)], report, progress)
    refresh_copies(workspace, report, embed=embed)
    return report


def unseen(workspace: Workspace, items: list, seen: set[str], report: IngestReport,
           progress: Progress | None = None) -> list:
    """The ``items`` (with a ``source_key`` and a ``name``) neither stored nor ``seen`` in this run;
    the others are counted as skipped."""
    known = workspace.stored_source_keys([item.source_key for item in items])
    fresh = []
    for item in items:
        if item.source_key in known or item.source_key in seen:
            report.skipped += 1
            if progress:
                progress(item.name, "skipped")
            continue
        seen.add(item.source_key)
        fresh.append(item)
    return fresh


def store_cleaned(workspace: Workspace, entries: list[tuple[str, str | None, CleanDocument | Rejection]],
                  report: IngestReport, progress: Progress | None = None) -> None:
    """Store (input name, path, cleaned document or rejection) entries in one transaction, counted."""
    ids = workspace.store_documents([(result, path) for _, path, result in entries])
    for (name, _, result), document_id in zip(entries, ids):
        if isinstance(result, Rejection):
            report.rejected.append((document_id, name, result.reason))
        else:
            report.added.append(document_id)
            report.undateable += result.published is None
        if progress:
            progress(name, "rejected" if isinstance(result, Rejection) else "added")


def refresh_copies(workspace: Workspace, report: IngestReport, *, embed: Embed | None,
                   propose: Callable[[list], CopyProposals] | None = None) -> None:
    """Copies are recomputed when documents came in, and also when the stored ones were computed
    from other documents (a run killed while finding them, or two writers at once): they converge.

    :param propose: near/partial candidates found elsewhere (a back-fill's engine); None: here
    """
    if report.added or workspace.copies_stale():
        documents = workspace.dedup_documents()
        basis = (len(documents), max((d.id for d in documents), default=0))
        links = find_copies(documents, embed=cached_embedder(workspace, embed) if embed is not None else None,
                            proposals=propose(documents) if propose is not None else None)
        workspace.replace_copies(links, basis=basis)
    counts = workspace.document_counts()
    report.copies, report.originals = counts["copies"], counts["originals"]


def read_paths(paths: list[Path]) -> list[RawDocument]:
    """Every raw document under ``paths`` (raises IngestError for a missing or unknown path first)."""
    return [raw for path in expand_paths(paths) for raw in read_file(path)]


def sample_news_folder() -> Path:
    """The bundled sample news (written for charterwatch; see its README)."""
    return Path(str(resources.files("charterwatch") / "samples" / "news"))


@dataclass
class UnderstandReport:
    documents: int = 0           # documents understood in this cycle
    paragraphs: int = 0
    candidates: int = 0          # paragraphs that reached the linker (relevant documents), most for one agreement
    evidence: int = 0            # evidence rows written in this cycle
    relevant: int = 0            # documents the relevance gate let through (any agreement)
    stories: int = 0             # stories formed or re-formed
    on_topic: int = 0
    off_topic: int = 0
    proposed_entities: int = 0   # new names used by two independent outlets, waiting for an analyst
    everything: bool = False     # a full run (`understand --all`)
    waiting: int = 0             # documents left for a later cycle (none unless interrupted)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


#: Countries are named everywhere; only people, places and projects tell stories apart.
STORY_ENTITY_TYPES = {"person", "place", "project", "organisation"}
#: Documents understood per transaction: a killed cycle loses at most one batch of work, never half a document.
UNDERSTAND_BATCH = 50
#: Bumped when the gate, the linker's rules or the story rule change, so stores are understood again.
UNDERSTANDING_RULES = 8


def understanding_fingerprint(agreements: list[Agreement], lexicon, names_revision: int) -> str:
    """What a stored understanding depends on: the agreements, the known entities and the curation
    of their names (merges, splits, accepted or confirmed names), the linker model and the rules'
    version. Spellings
    recorded as they are seen do not count: they matched already."""
    from charterwatch.link.model import model_version
    from charterwatch.stories.model import story_model_version

    digest = hashlib.sha256()
    for agreement in sorted(agreements, key=lambda a: a.id):
        digest.update(agreement.model_dump_json().encode("utf-8"))
    digest.update(repr(sorted(lexicon.types.items())).encode("utf-8"))
    digest.update(f"names:{names_revision}".encode())
    digest.update(model_version().encode())
    digest.update(story_model_version().encode())
    digest.update(f"rules:{UNDERSTANDING_RULES}".encode())
    return digest.hexdigest()


def provision_indexes(agreements: list[Agreement], lexicon, embed: Embed) -> list[ProvisionIndex]:
    """Each agreement's index, ranked beside the others' provisions (built once per cycle or worker)."""
    by_id = {a.id: a for a in agreements}
    return [ProvisionIndex(a, lexicon, embed, predecessor=by_id.get(a.agreement.builds_on or ""), others=agreements)
            for a in agreements]


@dataclass
class BatchUnderstanding:
    """What :func:`understand_batch` found in one batch, for the store to write in one transaction."""

    items: list[DocumentUnderstanding]
    seen: list[tuple]                   # (document id, outlet, published, mentions) of first-time documents
    paragraphs: int = 0
    evidence: int = 0
    relevant: int = 0
    candidates: int = 0


def understand_batch(batch: list[int], paragraphs: list[StoredParagraph], first_time: set[int], agreements: list[Agreement],
                     lexicon, gate: RelevanceGate, indexes: list[ProvisionIndex], embed: Embed) -> BatchUnderstanding:
    """Names, each agreement's relevance gate, evidence with what happened, story keys and name runs
    for the documents ``batch`` (their stored ``paragraphs``). Pure: the same batch gives the same
    answer here or on an engine's worker."""
    by_document: dict[int, list[StoredParagraph]] = defaultdict(list)
    for p in paragraphs:
        by_document[p.document_id].append(p)
    out = BatchUnderstanding([], [], paragraphs=len(paragraphs))
    inputs: dict[str, list[ParagraphInput]] = defaultdict(list)
    verdicts: dict[int, dict] = {}               # what the store keeps of each agreement's verdict
    relevant_to_any: dict[int, bool] = {}
    runs: dict[int, list] = {}
    named: dict[int, frozenset] = {}
    for document_id in batch:
        rows = by_document.get(document_id, [])
        title = rows[0].title if rows else None
        text = "\n\n".join([title or "", *(p.text for p in rows)])
        mentions = [m for p in rows for m in find_mentions(p.text, lexicon)]
        if document_id in first_time and rows:
            out.seen.append((document_id, rows[0].outlet, rows[0].published, mentions))
        named[document_id] = frozenset(m.entity for m in mentions if lexicon.types.get(m.entity) in STORY_ENTITY_TYPES
                                       and m.matched_by != "fuzzy")
        if rows:
            named[document_id] |= signing_events(agreements, title=title, paragraphs=[p.text for p in rows],
                                                 published=rows[0].published)
        runs[document_id] = name_runs("\n".join(p.text for p in rows), lexicon) if rows and rows[0].copy_of is None else []
        found = gate.verdicts(text=text, published=rows[0].published if rows else None,               # 2
                              mentions=document_mentions(title, mentions, lexicon))
        relevant_to_any[document_id] = any(v.relevant for v in found.values())
        verdicts[document_id] = {a: {"relevant": v.relevant, "reason": v.reason, "names": v.names_agreement,
                                     "signing": v.at_signing}
                                 for a, v in found.items()}
        scores = {a: v.score for a, v in found.items()}
        for agreement in agreements:
            exclusive = scores[agreement.id] > 0 and not any(v > 0 for a, v in scores.items() if a != agreement.id)
            inputs[agreement.id].extend(
                ParagraphInput(p.paragraph_id, p.text, p.language, p.published, document_id,
                               scores[agreement.id], title, exclusive, found[agreement.id].at_signing) for p in rows)
    evidence: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    paragraph_document = {p.paragraph_id: p.document_id for p in paragraphs}
    for agreement, index in zip(agreements, indexes):                                         # 3
        links = link_passages(inputs[agreement.id], index)
        out.candidates = max(out.candidates, index.last_candidates)
        for document_id in batch:
            verdicts[document_id][agreement.id]["support"] = round(index.last_support.get(document_id, 0.0), 4)
        for link in links:
            evidence[paragraph_document[link.key]][agreement.id].append(
                {"paragraph_id": link.key, "provision_id": link.provision_id, "event_type": link.event_type,
                 "score": link.score, "quote": link.quote, "quote_start": link.quote_start,
                 "quote_end": link.quote_end, "cue": link.cue, "entities": list(link.entities)})
            out.evidence += 1
    for document_id in batch:
        rows = by_document.get(document_id, [])
        relevant = relevant_to_any[document_id]
        out.relevant += relevant
        vector = None
        if relevant and rows:
            vector = encode_story_vectors(embed([p.text for p in rows]))
        out.items.append(DocumentUnderstanding(document_id, rows[0].copy_of if rows else None,
                                               tuple(sorted(named[document_id])), verdicts[document_id], vector,
                                               tuple(tuple(r) for r in runs[document_id]),
                                               {k: list(v) for k, v in evidence.get(document_id, {}).items()}))
    return out


#: Batches an engine works on at once, per worker, while this process writes the finished ones.
BATCHES_IN_FLIGHT_PER_WORKER = 2


def understand(workspace: Workspace, agreements: Agreement | list[Agreement], *, embed: Embed,
               everything: bool = False, progress: Callable[[int], None] | None = None,
               engine=None) -> UnderstandReport:
    """Understand what is new: 1. names; 2. relevance to each agreement; 3. evidence with what happened;
    4. on-topic flags; 5. stories; 6. new names proposed.

    Only documents never understood, understood with other agreements, names or model, or whose copy
    relation changed are read (``everything`` reads all: after an agreement file, an entity merge or
    the model changed). Each batch of documents is written with its evidence in one transaction.
    Passages of copies are linked too (a translation may name a provision in words the original
    lacks), but a copy's evidence always speaks for its original's source.

    :param progress: called with the number of documents done after each batch
    :param engine: a back-fill's engine (:mod:`charterwatch.backfill.engines`): 1-3 of each batch
        run on its workers, with the batch's cached vectors, and this process writes the results in
        order; None runs them here
    """
    agreements = [agreements] if isinstance(agreements, Agreement) else list(agreements)
    report = UnderstandReport(everything=everything)
    for agreement in agreements:                                                             # 1
        workspace.sync_entities(agreement)
    lexicon = workspace.lexicon()
    fingerprint = understanding_fingerprint(agreements, lexicon, workspace.names_revision())
    pending = workspace.pending_documents(fingerprint, everything=everything)
    if not pending:
        return report
    first_time = set(pending) if everything else workspace.never_understood(pending)
    if everything:
        workspace.record_mentions([], reset=True)
    cached = cached_embedder(workspace, embed)
    indexes = provision_indexes(agreements, lexicon, cached) if engine is None else None
    gate = RelevanceGate.of(agreements, lexicon)
    batches = [pending[start:start + UNDERSTAND_BATCH] for start in range(0, len(pending), UNDERSTAND_BATCH)]

    def start(batch: list[int]):
        paragraphs = workspace.paragraphs_of(batch)
        mine = first_time & set(batch)
        if engine is None:
            return understand_batch(batch, paragraphs, mine, agreements, lexicon, gate, indexes, cached)
        from charterwatch.backfill.tasks import understand_batch_task

        keys = list(dict.fromkeys(embedding_key(p.text) for p in paragraphs))
        vectors = workspace.load_embeddings(MODEL_NAME, keys)
        return engine.submit(understand_batch_task, batch, paragraphs, mine, agreements, lexicon, gate, vectors,
                             fingerprint)

    def finish(batch: list[int], handle) -> None:
        nonlocal done
        result = handle if engine is None else engine.result(handle)
        outcome = workspace.write_understanding(result.items, fingerprint=fingerprint, mentions=result.seen)
        report.on_topic += outcome.on_topic
        report.off_topic += outcome.off_topic
        report.stories += outcome.stories
        report.proposed_entities += outcome.proposed
        report.paragraphs += result.paragraphs
        report.evidence += result.evidence
        report.relevant += result.relevant
        report.candidates = max(report.candidates, result.candidates)
        done += len(batch)
        if progress:
            progress(done)

    # batches are written in order; with an engine, a few per worker are worked on meanwhile
    window = BATCHES_IN_FLIGHT_PER_WORKER * engine.workers if engine is not None else 1
    in_flight: deque = deque()
    done = 0
    for batch in batches:
        in_flight.append((batch, start(batch)))
        if len(in_flight) >= window:
            finish(*in_flight.popleft())
    while in_flight:
        finish(*in_flight.popleft())
    report.documents = len(pending)
    report.waiting = len(workspace.pending_documents(fingerprint))
    return report


@dataclass(frozen=True)
class StatusMove:
    """A status or deadline that a cycle changed, with why and the evidence it cites."""

    agreement_id: str
    provision_id: str
    body_id: str | None
    kind: str                 # status | deadline
    before: str
    after: str
    reason: str
    cited: tuple[dict, ...] = ()

    def as_dict(self) -> dict:
        return {"agreement": self.agreement_id, "provision": self.provision_id, "body": self.body_id, "kind": self.kind,
                "from": self.before, "to": self.after, "reason": self.reason, "cited": list(self.cited)}


@dataclass
class CycleReport:
    understanding: UnderstandReport | None
    moves: list[StatusMove] = field(default_factory=list)
    deferred: bool = False

    def as_dict(self) -> dict:
        return {"understanding": self.understanding.as_dict() if self.understanding else None,
                "deferred": self.deferred, "changes": [m.as_dict() for m in self.moves]}


def _snapshot(workspace: Workspace, agreement: Agreement, as_of: dt.date):
    assessment = workspace.assessment(agreement, as_of)
    statuses = {(p.provision_id, p.body_id): p.status for p in assessment.provisions}
    deadlines = {(d.provision_id, d.body_id, d.occurrence): d for d in assessment.deadlines}
    return statuses, deadlines


def _deadline_words(item) -> str:
    if item.state == "met_late" and item.met_on:
        return f"met_late on {item.met_on.isoformat()} ({item.days_late} days late)"
    if item.state == "met" and item.met_on:
        return f"met on {item.met_on.isoformat()}"
    return item.state


def monitor(workspace: Workspace, *, as_of: dt.date, embed: Embed, everything: bool = False,
            progress: Callable[[int], None] | None = None, engine=None) -> CycleReport:
    """One monitoring cycle after new news: understand it, assess every stored agreement, and say
    which statuses and deadlines moved (provision or group, from -> to, why, on what evidence).

    :param engine: where understanding's batches run (see :func:`understand`); None: here"""
    workspace.load_bundled_agreements()
    agreements = [workspace.agreement(s.id) for s in workspace.agreements() if s.stored]
    before = {a.id: _snapshot(workspace, a, as_of) for a in agreements}
    understanding = understand(workspace, agreements, embed=embed, everything=everything, progress=progress,
                               engine=engine)
    moves: list[StatusMove] = []
    for agreement in agreements:
        workspace.store_assessment(agreement, as_of)
        workspace.save_assessment(agreement, as_of)
        (old_status, old_due), (new_status, new_due) = before[agreement.id], _snapshot(workspace, agreement, as_of)
        for key, status in new_status.items():
            old = old_status.get(key)
            if old is None or (old.status, old.since) != (status.status, status.since):
                moves.append(StatusMove(agreement.id, key[0], key[1], "status",
                                        f"{old.status} since {old.since.isoformat()}" if old else "none",
                                        f"{status.status} since {status.since.isoformat()}", status.reason,
                                        tuple(status.grounds)))
        for key, item in new_due.items():
            old = old_due.get(key)
            if old is None or (old.state, old.met_on) != (item.state, item.met_on):
                report = getattr(item, "met_by_report", None)
                moves.append(StatusMove(agreement.id, key[0], key[1], "deadline",
                                        _deadline_words(old) if old else "none", _deadline_words(item),
                                        f"due {item.due.isoformat()}", (report,) if isinstance(report, dict) else ()))
    return CycleReport(understanding, moves)


@dataclass(frozen=True)
class MainJobResult:
    agreement: Agreement
    loaded: dict[str, str]
    ingest: IngestReport
    understanding: UnderstandReport | None
    deadlines: list[DueItem]
    as_of: dt.date


def run_main_job(workspace: Workspace, *, agreement_ref: str | None, as_of: dt.date,
                 identifier: LanguageIdentifier, embed: Embed | None, progress: Progress | None = None,
                 due_soon_days: int | None = None) -> MainJobResult:
    """1. store the bundled agreements; 2. resolve the chosen one; 3. ingest the sample news;
    4. understand it (names, evidence, stories); 5. assess every provision and judge the deadlines.

    :param due_soon_days: kept for earlier callers: it sets the workspace's window (its settings
        carry it otherwise)
    """
    if due_soon_days is not None:
        workspace.due_soon_days = due_soon_days
    loaded = workspace.load_bundled_agreements()                                           # 1
    agreement = workspace.agreement(agreement_ref)                                          # 2
    report = ingest_raw_documents(workspace, read_paths([sample_news_folder()]), as_of=as_of,  # 3
                                  identifier=identifier, embed=embed, progress=progress)
    others = [workspace.agreement(i) for i in loaded if i != agreement.id]
    if embed is None:
        others = []
    understanding = understand(workspace, [agreement, *others], embed=embed) if embed is not None else None  # 4
    for assessed in [agreement, *others]:                                                   # 5
        workspace.store_assessment(assessed, as_of)
    deadlines = list(workspace.assessment(agreement, as_of).deadlines)
    return MainJobResult(agreement=agreement, loaded=loaded, ingest=report, understanding=understanding,
                         deadlines=deadlines, as_of=as_of)
