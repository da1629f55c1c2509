"""The main job and the ingest cycle, stage by stage. The only module that knows the order.

Main job: 1. store the bundled agreements; 2. resolve the chosen one; 3. ingest the bundled sample
news; 4. judge deadlines against the secretariats' records.
Ingest cycle: read -> (skip inputs already stored) -> clean -> store each document in its own
transaction -> find copies over the whole store -> replace the copy table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from charterwatch.agreement.model import Agreement
from charterwatch.assess.deadlines import DueItem
from charterwatch.dedup.copies import Embed, find_copies
from charterwatch.dedup.embedding import MODEL_NAME
from charterwatch.entities.mentions import find_mentions
from charterwatch.entities.proposals import candidate_names
from charterwatch.ingest.files import expand_paths, read_file
from charterwatch.link.evidence import ParagraphInput, ProvisionIndex, link_passages
from charterwatch.stories.group import StoryItem, group_stories
from charterwatch.text.boilerplate import recurring_lines
from charterwatch.text.clean import clean_document, split_paragraphs
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


def _outlet_chrome(raws: list[RawDocument]) -> dict[str, set[str]]:
    """Lines recurring across the plain-text inputs of one outlet (or one folder) in this batch."""
    groups: dict[str, list[list[str]]] = defaultdict(list)
    for raw in raws:
        if raw.input_format == "text" and raw.content:
            groups[_group_of(raw)].append(split_paragraphs(raw.content))
    return {group: recurring_lines(docs) for group, docs in groups.items()}


def _group_of(raw: RawDocument) -> str:
    return raw.outlet or (str(Path(raw.path).parent) if raw.path else "")


def cached_embedder(workspace: Workspace, embed: Embed, model: str = MODEL_NAME) -> Embed:
    """``embed`` with the store's embedding cache in front: each text goes through the model once."""

    def run(texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        found = {k: np.frombuffer(v, dtype=np.float32) for k, v in workspace.load_embeddings(model, keys).items()}
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in found))
        if missing:
            fresh = dict(zip((hashlib.sha256(t.encode("utf-8")).hexdigest() for t in missing), embed(missing)))
            workspace.save_embeddings(model, {k: np.asarray(v, dtype=np.float32).tobytes() for k, v in fresh.items()})
            found.update(fresh)
        return np.stack([found[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)

    return run


def _name(raw: RawDocument) -> str:
    return raw.url or raw.path or raw.source_key[:12]


def ingest_raw_documents(workspace: Workspace, raws: Iterable[RawDocument], *, as_of: dt.date,
                         identifier: LanguageIdentifier, embed: Embed | None,
                         progress: Progress | None = None) -> IngestReport:
    """Clean and store new inputs, one transaction each, then find copies across the store.

    :param as_of: the day of ingest (dates after it are impossible)
    :param embed: the multilingual embedder for translated copies; None skips them
    """
    report = IngestReport()
    raws = list(raws)
    known = workspace.stored_source_keys([r.source_key for r in raws])
    chrome = _outlet_chrome(raws)
    seen_now: set[str] = set()
    for raw in raws:
        if raw.source_key in known or raw.source_key in seen_now:
            report.skipped += 1
            if progress:
                progress(_name(raw), "skipped")
            continue
        seen_now.add(raw.source_key)
        result: CleanDocument | Rejection = clean_document(raw, identifier=identifier, as_of=as_of,
                                                          outlet_chrome=chrome.get(_group_of(raw), set()))
        document_id = workspace.store_document(result, path=raw.path)
        if isinstance(result, Rejection):
            report.rejected.append((document_id, _name(raw), result.reason))
        else:
            report.added.append(document_id)
            report.undateable += result.published is None
        if progress:
            progress(_name(raw), "rejected" if isinstance(result, Rejection) else "added")
    if report.added:
        cached = cached_embedder(workspace, embed) if embed is not None else None
        workspace.replace_copies(find_copies(workspace.dedup_documents(), embed=cached))
    counts = workspace.document_counts()
    report.copies, report.originals = counts["copies"], counts["originals"]
    return report


def read_paths(paths: list[Path]) -> list[RawDocument]:
    """Every raw document under ``paths`` (raises IngestError for a missing or unknown path first)."""
    return [raw for path in expand_paths(paths) for raw in read_file(path)]


def sample_news_folder() -> Path:
    """The bundled sample news (written for charterwatch; see its README)."""
    return Path(str(resources.files("charterwatch") / "samples" / "news"))


@dataclass
class UnderstandReport:
    paragraphs: int = 0
    candidates: int = 0          # paragraphs with a keyword or entity signal (the most for one agreement)
    evidence: int = 0
    stories: int = 0
    on_topic: int = 0
    off_topic: int = 0
    proposed_entities: int = 0   # new names used by two independent outlets, waiting for an analyst

    def as_dict(self) -> dict:
        return dict(self.__dict__)


#: Countries are named everywhere; only people, places and projects tell stories apart.
STORY_ENTITY_TYPES = {"person", "place", "project", "organisation"}


def understand(workspace: Workspace, agreements: Agreement | list[Agreement], *, embed: Embed) -> UnderstandReport:
    """1. names; 2. evidence for each agreement's provisions, with what happened; 3. on topic; 4. stories.

    Passages of copies are linked too (a translation may name a provision in words the original
    lacks), but a copy's evidence always speaks for its original's source; names are proposed and
    stories formed from originals only.
    """
    agreements = [agreements] if isinstance(agreements, Agreement) else list(agreements)
    report = UnderstandReport()
    for agreement in agreements:                                                             # 1
        workspace.sync_entities(agreement)
    lexicon = workspace.lexicon()
    paragraphs = workspace.accepted_paragraphs()
    originals = [p for p in paragraphs if p["copy_of"] is None]
    report.paragraphs = len(paragraphs)
    by_document: dict[int, list[dict]] = defaultdict(list)
    for p in paragraphs:
        by_document[p["document_id"]].append(p)
    seen, named = [], {}
    for document_id, rows in by_document.items():
        mentions = [m for p in rows for m in find_mentions(p["text"], lexicon)]
        seen.append((document_id, rows[0]["outlet"], rows[0]["published"], mentions))
        named[document_id] = frozenset(m.entity for m in mentions
                                       if lexicon.types.get(m.entity) in STORY_ENTITY_TYPES and m.matched_by != "fuzzy")
    workspace.record_mentions(seen)
    original_documents = {p["document_id"] for p in originals}
    report.proposed_entities = workspace.propose_entities(candidate_names(
        [(doc, rows[0]["outlet"], "\n".join(p["text"] for p in rows)) for doc, rows in by_document.items()
         if doc in original_documents], lexicon))

    cached = cached_embedder(workspace, embed)                                               # 2
    inputs = [ParagraphInput(p["paragraph_id"], p["text"], p["language"], p["published"]) for p in paragraphs]
    paragraph_document = {p["paragraph_id"]: p["document_id"] for p in paragraphs}
    with_evidence: set[int] = set()
    for agreement in agreements:
        index = ProvisionIndex(agreement, lexicon, cached)
        links = link_passages(inputs, index)
        report.candidates = max(report.candidates, index.last_candidates)
        workspace.replace_evidence(agreement.id, [
            {"paragraph_id": link.key, "provision_id": link.provision_id, "event_type": link.event_type,
             "score": link.score, "quote": link.quote, "quote_start": link.quote_start, "quote_end": link.quote_end,
             "cue": link.cue, "entities": list(link.entities)} for link in links])
        report.evidence += len(links)
        with_evidence |= {paragraph_document[link.key] for link in links}

    documents = workspace.documents()                                                        # 3
    families: dict[int, set[int]] = defaultdict(set)   # original -> itself and its copies
    for d in documents:
        families[d["copy_of"] or d["id"]].add(d["id"])
    on_topic = {d["id"]: bool(families[d["copy_of"] or d["id"]] & with_evidence) for d in documents}
    report.on_topic = sum(on_topic.values())
    report.off_topic = len(on_topic) - report.on_topic

    items = []                                                                               # 4
    copies: dict[int, list] = defaultdict(list)
    for d in documents:
        if d["copy_of"]:
            copies[d["copy_of"]].append((d["id"], d["language"], d["outlet"], d["published"]))
    for d in documents:
        if d["copy_of"] or not on_topic[d["id"]] or d["id"] not in by_document:
            continue
        vectors = cached([p["text"] for p in by_document[d["id"]]])
        mean = vectors.mean(axis=0)
        items.append(StoryItem(d["id"], d["published"], d["language"], d["outlet"], named.get(d["id"], frozenset()),
                               mean / (np.linalg.norm(mean) + 1e-12), tuple(copies.get(d["id"], ()))))
    stories = group_stories(items)
    workspace.replace_stories(stories, on_topic)
    report.stories = len(stories)
    return report


@dataclass(frozen=True)
class MainJobResult:
    agreement: Agreement
    loaded: dict[str, str]
    ingest: IngestReport
    understanding: UnderstandReport | None
    deadlines: list[DueItem]
    as_of: dt.date


def run_main_job(workspace: Workspace, *, agreement_ref: str | None, as_of: dt.date, due_soon_days: int,
                 identifier: LanguageIdentifier, embed: Embed | None, progress: Progress | None = None) -> MainJobResult:
    """1. store the bundled agreements; 2. resolve the chosen one; 3. ingest the sample news;
    4. understand it (names, evidence, stories); 5. assess every provision and judge the deadlines."""
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
