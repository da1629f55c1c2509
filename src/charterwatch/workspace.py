"""The query layer the CLI (and later the API and dashboard) share: one object per store.

Like datasette's ``Datasette`` class: the CLI only parses options, calls one method here and
formats the result. Stages stay pure; this is where they meet the store and the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from charterwatch.agreement.bundled import (
    DEFAULT_AGREEMENT_ID,
    bundled_agreement_ids,
    load_bundled_agreement,
)
from charterwatch.agreement.load import load_agreement_file
from charterwatch.agreement.model import SLUG_MAX_LENGTH, SLUG_PATTERN, Agreement
from charterwatch.assess.deadlines import DUE_SOON_DAYS, DueItem, compute_deadlines
from charterwatch.dedup.model import CopyLink, DedupDocument
from charterwatch.errors import NotFoundError, RecordError
from charterwatch.ingest.feeds import FeedState
from charterwatch.records.model import NewRecord, Record, RecordRevision, check_record, check_record_date
from charterwatch.rows import Evidence, StoredParagraph, Story, UnderstandingWritten
from charterwatch.settings import Settings
from charterwatch.store import agreements as agreement_store
from charterwatch.store import documents as document_store
from charterwatch.store import entities as entity_store
from charterwatch.store import records as record_store
from charterwatch.store.database import migrate, open_engine
from charterwatch.store.schema import StoreStateRow
from charterwatch.text.model import CleanDocument, Rejection

#: Views kept per store revision (an assessment per day asked about, evidence per agreement, ...).
CACHE_ENTRIES = 64


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class AgreementSummary:
    id: str
    title: str
    signed: dt.date
    provisions: int
    bundled: bool
    stored: bool
    source: str | None


class Workspace:
    """A store plus the agreements in it.

    :param database_url: SQLAlchemy URL; the schema is created or upgraded on open
    :param now: the clock used to stamp records' history (tests pass a fixed one)
    :param settings: what every surface over this store shares (the stall rule's days); the
        defaults when None
    """

    def __init__(self, database_url: str, *, now: Callable[[], dt.datetime] = _utc_now,
                 settings: Settings | None = None):
        from charterwatch.assess.status import STALL_AFTER_DAYS

        #: an announced or ongoing provision with nothing new for this long is stalled: the CLI, the
        #: API, the dashboard, briefings, exports and the stored history all judge by this one number
        self.stall_after_days = settings.stall_after_days if settings is not None else STALL_AFTER_DAYS
        self.due_soon_days = settings.due_soon_days if settings is not None else DUE_SOON_DAYS
        self.engine = open_engine(database_url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._now = now
        self._cache: dict[tuple, object] = {}
        self._cache_revision: int | None = None
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together or not at all."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that changes what the views show: it also moves the store's revision on,
        so every process's cached views (:meth:`_cached`) are recomputed."""
        with self.transaction() as session:
            yield session
            if not session.info.pop("unchanged", False):
                session.execute(update(StoreStateRow).where(StoreStateRow.key == "revision")
                                .values(value=StoreStateRow.value + 1))

    def revision(self) -> int:
        with self.transaction() as session:
            return session.scalar(select(StoreStateRow.value).where(StoreStateRow.key == "revision")) or 0

    def _cached(self, key: tuple, compute: Callable[[], object]):
        """``compute()`` once per store revision: the dashboard asks the same questions again and again.

        A write in any process (through :meth:`write`) moves the revision on, so nothing stale is served.
        """
        revision = self.revision()
        with self._cache_lock:
            if self._cache_revision != revision:
                self._cache.clear()
                self._cache_revision = revision
            if key in self._cache:
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            if self._cache_revision == revision:
                self._cache[key] = value
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.pop(next(iter(self._cache)))
        return value

    # --- agreements -----------------------------------------------------------------------

    def load_bundled_agreements(self) -> dict[str, str]:
        """Store every bundled agreement (or refresh it if the package's copy changed).

        An agreement a user loaded from their own file under the same id is left alone.
        """
        outcomes: dict[str, str] = {}
        with self.write() as session:
            for agreement_id in bundled_agreement_ids():
                agreement = load_bundled_agreement(agreement_id)
                assert agreement is not None
                row = session.get(agreement_store.AgreementRow, agreement_id)
                if row is not None and row.source != "bundled":
                    outcomes[agreement_id] = "kept user copy"
                    continue
                outcomes[agreement_id] = agreement_store.save_agreement(
                    session, agreement, source="bundled", now=self._now())
            session.info["unchanged"] = all(o in ("unchanged", "kept user copy") for o in outcomes.values())
        return outcomes

    def load_agreement(self, agreement: Agreement, *, source: str) -> str:
        """Store a validated agreement; returns created, updated or unchanged."""
        with self.write() as session:
            outcome = agreement_store.save_agreement(session, agreement, source=source, now=self._now())
            session.info["unchanged"] = outcome == "unchanged"
            return outcome

    def agreement(self, ref: str | None = None) -> Agreement:
        """Resolve ``ref`` to an agreement and make sure the store holds it.

        :param ref: a YAML file path, a stored agreement id or a bundled id; None = the default
        """
        ref = ref or DEFAULT_AGREEMENT_ID
        if ref.endswith((".yaml", ".yml")) or "/" in ref or Path(ref).is_file():
            agreement = load_agreement_file(ref)
            self.load_agreement(agreement, source=str(Path(ref).resolve()))
            return agreement
        with self.transaction() as session:
            stored = agreement_store.stored_agreement(session, ref)
        if stored is not None:
            return stored
        bundled = load_bundled_agreement(ref)
        if bundled is not None:
            self.load_agreement(bundled, source="bundled")
            return bundled
        known = ", ".join(s.id for s in self.agreements())
        raise NotFoundError(f"--agreement {ref!r}: no such file or agreement id (known: {known})")

    def agreement_by_id(self, ref: str | None = None) -> Agreement:
        """An agreement the store holds (or a bundled one), by id only: what HTTP callers may ask for.
        A path is never read, and the message names no file."""
        ref = ref or DEFAULT_AGREEMENT_ID
        if not isinstance(ref, str) or len(ref) > SLUG_MAX_LENGTH or not re.fullmatch(SLUG_PATTERN, ref):
            shown = ref[:40] + "…" if isinstance(ref, str) and len(ref) > 40 else ref
            raise NotFoundError(f"agreement {shown!r}: not an agreement id (known: "
                                f"{', '.join(s.id for s in self.agreements())})")
        return self.agreement(ref)

    def agreements(self) -> list[AgreementSummary]:
        """Bundled and stored agreements, newest signing first."""
        with self.transaction() as session:
            rows = {row.id: row for row in agreement_store.stored_agreement_rows(session)}
            stored = {i: Agreement.model_validate(row.document) for i, row in rows.items()}
        found: dict[str, AgreementSummary] = {}
        for agreement_id in bundled_agreement_ids():
            agreement = stored.get(agreement_id) or load_bundled_agreement(agreement_id)
            assert agreement is not None
            row = rows.get(agreement_id)
            found[agreement_id] = AgreementSummary(agreement_id, agreement.title, agreement.agreement.signed,
                                                   len(agreement.provisions), True, row is not None,
                                                   row.source if row else "bundled")
        for agreement_id, agreement in stored.items():
            if agreement_id not in found:
                found[agreement_id] = AgreementSummary(agreement_id, agreement.title, agreement.agreement.signed,
                                                       len(agreement.provisions), False, True,
                                                       rows[agreement_id].source)
        return sorted(found.values(), key=lambda s: (-s.signed.toordinal(), s.id))

    # --- records --------------------------------------------------------------------------

    def add_record(self, agreement: Agreement, record: NewRecord, *, by: str) -> Record:
        """Validate ``record`` against the agreement and store it with its first revision."""
        check_record(agreement, record)
        check_record_date(record, self._now().date())
        with self.write() as session:
            return record_store.insert_record(session, agreement.id, record, by=by, now=self._now())

    def correct_record(self, agreement: Agreement, record_id: int, changes: dict, *, by: str,
                       reason: str) -> Record:
        """Change some fields of a record; the previous revision stays in its history.

        :param changes: field name -> new value, only the fields being corrected
        """
        if not reason.strip():
            raise RecordError(f"record {record_id}: a correction needs a reason (--reason)")
        with self.write() as session:
            current = record_store.get_record_row(session, record_id)
            if current.agreement_id != agreement.id:
                raise NotFoundError(f"record {record_id}: belongs to agreement {current.agreement_id!r}, "
                                    f"not {agreement.id!r}")
            before = {name: getattr(current, name) for name in NewRecord.model_fields}
            merged = NewRecord(**{**before, **changes})
            if merged.model_dump() == NewRecord(**before).model_dump():
                raise RecordError(f"record {record_id}: the correction changes nothing")
            check_record(agreement, merged)
            check_record_date(merged, self._now().date())
            return record_store.correct_record(session, record_id, merged, by=by, reason=reason, now=self._now())

    def withdraw_record(self, record_id: int, *, by: str, reason: str) -> Record:
        if not reason.strip():
            raise RecordError(f"record {record_id}: withdrawing needs a reason (--reason)")
        with self.write() as session:
            return record_store.withdraw_record(session, record_id, by=by, reason=reason, now=self._now())

    def records(self, agreement: Agreement, *, body_id: str | None = None, provision_id: str | None = None,
                as_of: dt.date | None = None, include_withdrawn: bool = False) -> list[Record]:
        """The secretariats' records, optionally of one body or provision, dated on or before ``as_of``."""
        if body_id is not None and agreement.body(body_id) is None:
            known = ", ".join(b.id for b in agreement.bodies) or "none"
            raise NotFoundError(f"--body {body_id!r}: not a body of {agreement.id!r} (known: {known})")
        with self.transaction() as session:
            rows = record_store.list_records(session, agreement.id, body_id=body_id,
                                             include_withdrawn=include_withdrawn)
        return [r for r in rows if (provision_id is None or r.provision_id == provision_id)
                and (as_of is None or r.date <= as_of)]

    def record_history(self, record_id: int) -> list[RecordRevision]:
        with self.transaction() as session:
            return record_store.record_history(session, record_id)

    # --- deadlines ------------------------------------------------------------------------

    def deadlines(self, agreement: Agreement, as_of: dt.date, *,
                  due_soon_days: int | None = None) -> list[DueItem]:
        """Due items on ``as_of`` judged against the secretariats' records (records only: the
        assessment's deadlines also count news reports)."""
        return compute_deadlines(agreement, self.records(agreement), as_of,
                                 due_soon_days=self.due_soon_days if due_soon_days is None else due_soon_days)

    # --- documents ------------------------------------------------------------------------

    def stored_source_keys(self, keys: list[str]) -> set[str]:
        with self.transaction() as session:
            return document_store.stored_source_keys(session, keys)

    def store_document(self, document: CleanDocument | Rejection, *, path: str | None = None) -> int:
        """Store one document with all its paragraphs in one transaction (all or nothing)."""
        return self.store_documents([(document, path)])[0]

    def store_documents(self, documents: list[tuple[CleanDocument | Rejection, str | None]]) -> list[int]:
        """Store documents (each with the path it was read from) in one transaction: all or none."""
        if not documents:
            return []
        with self.write() as session:
            return document_store.insert_documents(session, documents, now=self._now())

    def dedup_documents(self) -> list[DedupDocument]:
        with self.transaction() as session:
            return document_store.dedup_documents(session)

    def replace_copies(self, links: list[CopyLink], *, basis: tuple[int, int] | None = None) -> None:
        """Replace the copy table; ``basis``: (documents, highest id) of what ``links`` were computed
        from, by the running code's copy rules (their version is recorded beside it)."""
        with self.write() as session:
            document_store.replace_copies(session, links, basis)

    def copies_stale(self) -> bool:
        """Whether the copy table was computed from other documents than the store holds (a run killed
        before it finished, or two writers at once), or by older copy rules: the next ingest
        recomputes it."""
        with self.transaction() as session:
            return document_store.stored_copies_basis(session) != document_store.copies_basis(session)

    def document_counts(self) -> dict[str, int]:
        def compute():
            with self.transaction() as session:
                return document_store.document_counts(session)

        return dict(self._cached(("document_counts",), compute))

    def documents(self, *, language: str | None = None, include_rejected: bool = False, originals_only: bool = False,
                  limit: int | None = None) -> list[dict]:
        with self.transaction() as session:
            return document_store.list_documents(session, language=language, include_rejected=include_rejected,
                                                 originals_only=originals_only, limit=limit)

    def documents_by_id(self, ids: list[int]) -> list[dict]:
        """These documents (accepted or rejected), newest first."""
        with self.transaction() as session:
            return document_store.list_documents(session, include_rejected=True, document_ids=ids) if ids else []

    def document(self, document_id: int) -> dict:
        """One document with its paragraphs (and their languages)."""
        with self.transaction() as session:
            row = session.get(document_store.DocumentRow, document_id)
            if row is None:
                raise NotFoundError(f"document {document_id}: no such document (see `charterwatch documents`)")
            listed = document_store.list_documents(session, include_rejected=True, document_id=document_id)[0]
            listed["paragraph_rows"] = [{"position": p.position, "language": p.language, "confidence": p.confidence,
                                         "text": p.text} for p in document_store.document_paragraphs(session, document_id)]
            return listed

    def load_embeddings(self, model: str, keys: list[str]) -> dict[str, bytes]:
        with self.transaction() as session:
            return document_store.load_embeddings(session, model, keys)

    def save_embeddings(self, model: str, vectors: dict[str, bytes]) -> None:
        with self.transaction() as session:
            document_store.save_embeddings(session, model, vectors)

    # --- feeds ----------------------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState | None:
        with self.transaction() as session:
            row = session.get(document_store.FeedRow, url)
            return None if row is None else FeedState(etag=row.etag, last_modified=row.last_modified)

    def save_feed_state(self, url: str, state: FeedState) -> None:
        with self.transaction() as session:
            row = session.get(document_store.FeedRow, url) or document_store.FeedRow(url=url)
            row.etag, row.last_modified, row.last_polled_at = state.etag, state.last_modified, self._now()
            session.add(row)

    # --- entities -------------------------------------------------------------------------

    def sync_entities(self, agreement: Agreement) -> int:
        with self.write() as session:
            return entity_store.sync_entities(session, agreement)

    def names_revision(self) -> int:
        with self.transaction() as session:
            return entity_store.names_revision(session)

    def lexicon(self):
        with self.transaction() as session:
            return entity_store.lexicon(session)

    def record_mentions(self, seen, *, reset: bool = True) -> None:
        with self.write() as session:
            entity_store.record_mentions(session, seen, reset=reset)

    def entities(self) -> list[dict]:
        with self.transaction() as session:
            return entity_store.list_entities(session)

    def entity(self, key: str) -> dict:
        with self.transaction() as session:
            return entity_store.show_entity(session, key)

    def merge_entities(self, keep: str, absorb: str, *, by: str) -> dict:
        with self.write() as session:
            return entity_store.merge_entities(session, keep, absorb, by=by, now=self._now())

    def split_entity(self, key: str, variant: str, *, new_key: str, new_name: str | None, by: str) -> dict:
        with self.write() as session:
            return entity_store.split_entity(session, key, variant, new_key=new_key, new_name=new_name, by=by,
                                             now=self._now())

    def propose_entities(self, candidates) -> int:
        with self.write() as session:
            return entity_store.propose_entities(session, candidates)

    def accept_entity(self, key: str, *, entity_type: str, by: str) -> dict:
        with self.write() as session:
            return entity_store.accept_entity(session, key, entity_type=entity_type, by=by, now=self._now())

    # --- understanding (the monitoring cycle) ----------------------------------------------

    def pending_documents(self, fingerprint: str, *, everything: bool = False) -> list[int]:
        """Documents a cycle must understand (all of them with ``everything``)."""
        from charterwatch.store import understanding as understanding_store

        with self.transaction() as session:
            return understanding_store.pending_documents(session, fingerprint, everything=everything)

    def waiting_documents(self) -> int:
        """Accepted documents not understood yet (any fingerprint counts as understood)."""
        from charterwatch.store.schema import DocumentRow, UnderstandingRow

        with self.transaction() as session:
            from sqlalchemy import func
            return session.scalar(select(func.count()).select_from(DocumentRow)
                                  .outerjoin(UnderstandingRow, UnderstandingRow.document_id == DocumentRow.id)
                                  .where(DocumentRow.status == "accepted", UnderstandingRow.document_id.is_(None))) or 0

    def never_understood(self, document_ids: list[int]) -> set[int]:
        from charterwatch.store.schema import UnderstandingRow

        with self.transaction() as session:
            done = set()
            for start in range(0, len(document_ids), 500):
                chunk = document_ids[start:start + 500]
                done |= set(session.scalars(select(UnderstandingRow.document_id)
                                            .where(UnderstandingRow.document_id.in_(chunk))))
        return set(document_ids) - done

    def paragraphs_of(self, document_ids: list[int]) -> list[StoredParagraph]:
        from charterwatch.store import understanding as understanding_store

        with self.transaction() as session:
            return understanding_store.paragraphs_of(session, document_ids)

    def write_understanding(self, items, *, fingerprint: str, mentions) -> UnderstandingWritten:
        """Store a batch of understood documents in one transaction: their names, evidence and
        verdicts, the on-topic flags they change, the stories they join, start, merge or leave, and
        the new names they confirm. Returns what changed."""
        from charterwatch.store import understanding as understanding_store

        with self.write() as session:
            entity_store.record_mentions(session, mentions, reset=False)
            understanding_store.write_understanding(session, items, fingerprint=fingerprint, now=self._now())
            ids = [item.document_id for item in items]
            flags = understanding_store.refresh_on_topic(session, ids)
            stories = _update_stories(session, ids)
            proposed = _propose_names(session, items)
        return UnderstandingWritten(on_topic=sum(flags.get(i, False) for i in ids),
                                    off_topic=sum(not flags.get(i, False) for i in ids), stories=stories,
                                    proposed=proposed)

    # --- evidence and stories -------------------------------------------------------------

    @staticmethod
    def provision(agreement: Agreement, provision_id: str):
        """The provision, or a one-line NotFoundError naming it and the agreement."""
        found = agreement.provision(provision_id)
        if found is None:
            raise NotFoundError(f"provision {provision_id!r}: not in agreement {agreement.id!r} "
                                f"({agreement.did_you_mean(provision_id)}see `charterwatch provisions --agreement {agreement.id}`)")
        return found

    def evidence(self, agreement: Agreement, provision_id: str | None = None, *,
                 as_of: dt.date | None = None) -> list[Evidence]:
        """Evidence rows, optionally of one provision; with ``as_of``, what was known that day (rows
        published later left out; undated rows kept, as the assessment reads them)."""
        if provision_id is not None:
            self.provision(agreement, provision_id)
        def compute():
            with self.transaction() as session:
                return document_store.evidence_for(session, agreement.id)

        rows = self._cached(("evidence", agreement.id), compute)
        return [r for r in rows if (provision_id is None or r.provision_id == provision_id)
                and (as_of is None or r.published is None or r.published <= as_of)]

    def copies_of(self, document_id: int) -> list[dict]:
        """Documents that copy ``document_id`` (syndicated, partial or translated)."""
        with self.transaction() as session:
            return document_store.copies_of(session, document_id)

    def stories(self) -> list[Story]:
        with self.transaction() as session:
            return document_store.list_stories(session)

    def export(self, agreement: Agreement, *, as_of: dt.date) -> dict:
        """Everything the stages produced, as plain data with dates as dates: the top-level tables of
        :mod:`charterwatch.export` (the one definition the export command and the API write)."""
        from charterwatch.export.rows import table_values
        from charterwatch.export.tables import BY_NAME, TOP_LEVEL

        return {"agreement": agreement.id,
                **{name: list(table_values(self, agreement, BY_NAME[name], as_of)) for name in TOP_LEVEL}}

    # --- assessment -----------------------------------------------------------------------

    def assessment(self, agreement: Agreement, as_of: dt.date, *, stall_after_days: int | None = None):
        """Every provision's status history and the deadlines, recomputed from what was known on ``as_of``."""
        from charterwatch.assess.agreement_status import assess_agreement

        days = stall_after_days or self.stall_after_days

        def compute():
            # stored assessments are kept for the default "due soon" window only
            stored = self._stored_assessment(agreement.id, as_of, days) if self.due_soon_days == DUE_SOON_DAYS else None
            if stored is not None:
                return stored
            return assess_agreement(agreement, self.evidence(agreement), self.records(agreement), as_of,
                                    stall_after_days=days, due_soon_days=self.due_soon_days)

        return self._cached(("assessment", agreement.id, as_of, days, self.due_soon_days), compute)

    def _stored_assessment(self, agreement_id: str, as_of: dt.date, days: int):
        """What the last writer assessed, if nothing was written since (same revision)."""
        from charterwatch.assess.codec import assessment_from_json
        from charterwatch.store.schema import StoredAssessmentRow

        with self.transaction() as session:
            row = session.get(StoredAssessmentRow, (agreement_id, as_of, days))
            revision = session.scalar(select(StoreStateRow.value).where(StoreStateRow.key == "revision")) or 0
            if row is None or row.revision != revision:
                return None
            return assessment_from_json(row.payload)

    def save_assessment(self, agreement: Agreement, as_of: dt.date, *, stall_after_days: int | None = None) -> None:
        """Store the assessment for ``as_of`` at the current revision (the writer does this after a
        cycle, so the first page after it does not assess again). Older stored ones are dropped. Only
        assessments with the default "due soon" window are stored; another is computed when asked."""
        from sqlalchemy import delete

        from charterwatch.assess.codec import assessment_to_json
        from charterwatch.store.schema import StoredAssessmentRow

        days = stall_after_days or self.stall_after_days
        if self.due_soon_days != DUE_SOON_DAYS:
            return
        revision = self.revision()
        payload = assessment_to_json(self.assessment(agreement, as_of, stall_after_days=days))
        with self.transaction() as session:
            session.execute(delete(StoredAssessmentRow).where(StoredAssessmentRow.agreement_id == agreement.id,
                                                              StoredAssessmentRow.revision != revision))
            session.merge(StoredAssessmentRow(agreement_id=agreement.id, as_of=as_of, stall_after_days=days,
                                              revision=revision, payload=payload))

    def groups(self, agreement: Agreement, as_of: dt.date, *, assessment=None):
        """Each working group's meetings, projects, roadmap and status.

        :param assessment: the assessment already computed for ``as_of`` (so the groups show the same
            statuses, with the same settings, without assessing twice)
        """
        from charterwatch.assess.agreement_status import group_summaries

        return group_summaries(agreement, self.evidence(agreement), self.records(agreement),
                               assessment or self.assessment(agreement, as_of))

    def coverage(self, as_of: dt.date) -> dict:
        """What a deadline check searched: dated original documents, outlets, languages, records."""
        def compute():
            with self.transaction() as session:
                return document_store.document_coverage(session, as_of)

        return dict(self._cached(("coverage", as_of), compute))

    def store_assessment(self, agreement: Agreement, as_of: dt.date) -> int:
        """Recompute and store the status history (what `status` shows for today); returns the change count."""
        assessment = self.assessment(agreement, as_of)
        rows = [{"provision_id": p.provision_id, "body_id": p.body_id, "status": c.status, "ordinal": c.ordinal,
                 "since": c.since, "reason": c.reason, "grounds": {"cited": list(c.grounds)}}
                for p in assessment.provisions for c in p.history]
        with self.transaction() as session:
            document_store.replace_status_history(session, agreement.id, rows)
        return len(rows)

    def export_documents_page(self, *, after_id: int, limit: int) -> list[dict]:
        with self.transaction() as session:
            return document_store.export_documents_page(session, after_id=after_id, limit=limit)

    def copies(self) -> list[dict]:
        with self.transaction() as session:
            return document_store.list_copies(session)

    def record_revisions(self, agreement: Agreement) -> list[RecordRevision]:
        with self.transaction() as session:
            return record_store.agreement_revisions(session, agreement.id)

    def export_provisions(self, agreement: Agreement, as_of: dt.date) -> list[dict]:
        return provision_rows(agreement, self.assessment(agreement, as_of).provisions)

    # --- briefings -------------------------------------------------------------------------

    def briefing(self, agreement: Agreement, as_of: dt.date, *, since: dt.date | None = None,
                 stall_after_days: int | None = None):
        """A :class:`~charterwatch.report.briefing.Briefing` of what changed in ``(since, as_of]``.

        :param since: None = since the last briefing written before ``as_of``, else since the signing
        """
        from charterwatch.report.briefing import build_briefing
        from charterwatch.store.schema import BriefingRow

        if since is not None:
            reason = "the day asked for"
        else:
            with self.transaction() as session:
                since = session.scalar(select(BriefingRow.as_of).where(BriefingRow.agreement_id == agreement.id,
                                                                       BriefingRow.as_of < as_of)
                                       .order_by(BriefingRow.as_of.desc()).limit(1))
            reason = "the last briefing" if since else "the signing day included"
            since = since or agreement.agreement.signed - dt.timedelta(days=1)
        if since > as_of:
            raise RecordError(f"--since {since.isoformat()}: after --as-of {as_of.isoformat()}")
        assessment = self.assessment(agreement, as_of, stall_after_days=stall_after_days)
        evidence, records = self.evidence(agreement), self.records(agreement)
        groups = self.groups(agreement, as_of, assessment=assessment)
        return build_briefing(agreement, assessment, evidence, groups, self.documents(include_rejected=True),
                              len(records), since=since, since_reason=reason)

    def record_briefing(self, agreement: Agreement, as_of: dt.date, since: dt.date, fmt: str, path: str) -> None:
        """Remember a written briefing, so the next one starts where it ended."""
        from charterwatch.store.schema import BriefingRow

        with self.transaction() as session:
            session.add(BriefingRow(agreement_id=agreement.id, as_of=as_of, since=since, format=fmt, path=path,
                                    written_at=self._now()))

    def page_documents(self, *, agreement: Agreement | None = None, provision: str | None = None,
                       **filters) -> list[dict]:
        """A page of documents (filters as in :func:`store.documents.page_documents`).

        :param provision: only documents with evidence for this provision of ``agreement``
        """
        if provision:
            if agreement is None:
                raise NotFoundError(f"provision {provision!r}: no agreement given to look it up in")
            self.provision(agreement, provision)
            filters["provision"] = (agreement.id, provision)
        with self.transaction() as session:
            return document_store.page_documents(session, **filters)

    def document_facets(self, *, agreement: Agreement | None = None, provision: str | None = None,
                        **filters) -> dict:
        """Counts by language, outlet and event type of the documents the filters select."""
        if provision and agreement is not None:
            filters["provision"] = (agreement.id, provision)
        with self.transaction() as session:
            return document_store.document_facets(session, agreement_id=agreement.id if agreement else None, **filters)


def provision_rows(agreement: Agreement, units, *, history: bool = True) -> list[dict]:
    """Assessed provisions (and working groups' shares) as plain rows: the one shape `status --json`,
    the API and exports give."""
    from charterwatch.assess.codebook import class_of

    out = []
    for p in units:
        status = p.status
        provision = agreement.provision(p.provision_id)
        row = {"id": p.provision_id, "title": provision.title(), "kind": class_of(provision),
               "body_id": p.body_id, "status": status.status, "ordinal": status.ordinal, "note": p.note,
               "since": status.since if p.history else None, "evidence_count": p.evidence_count,
               "sources": p.sources, "languages": list(p.languages),
               "due": p.due.due if p.due else None, "due_state": p.due.state if p.due else None,
               "days_late": p.due.days_late if p.due else None}
        if history:
            row["history"] = [{"status": c.status, "ordinal": c.ordinal, "since": c.since, "reason": c.reason,
                               "cited": list(c.grounds)} for c in p.history]
        out.append(row)
    return out


def _update_stories(session: Session, document_ids: list[int]) -> int:
    """Re-form the stories these documents touch. Stories are formed whole inside each connected
    group of pairs that may be one story (:func:`stories.group.group_stories`), so the groups these
    documents and their old stories reach are gathered whole (following pairs, and pulling in every
    story met, until nothing new is met) and formed again: that gives what a full run would.
    Returns how many stories were written."""
    from charterwatch.store import understanding as understanding_store
    from charterwatch.store.schema import CopyRow, DocumentRow
    from charterwatch.stories.group import STORY_WINDOW_DAYS, StoryItem, decode_story_vectors, group_stories, story_pairs

    def item(member) -> StoryItem:
        mean, paragraphs = decode_story_vectors(member.vector)
        return StoryItem(member.document_id, member.published, member.language, member.outlet, member.entities, mean,
                         paragraphs=paragraphs)

    window = dt.timedelta(days=STORY_WINDOW_DAYS)
    affected = understanding_store.clear_stories_of(session, document_ids)
    originals = {o for o in session.scalars(select(CopyRow.original_id).where(CopyRow.document_id.in_(document_ids)))}
    affected |= understanding_store.clear_stories_of(session, originals)
    members = {m.document_id: m for m in understanding_store.story_members(session, document_ids=set(document_ids) | originals)}
    if affected:
        members.update({m.document_id: m for m in understanding_store.story_members(session, story_ids=affected)})
    frontier = list(members.values())
    while frontier:
        if any(m.published is None for m in frontier):
            pool = understanding_store.story_members(session)
        else:
            pool = understanding_store.story_members(
                session, dated_between=(min(m.published for m in frontier) - window,
                                        max(m.published for m in frontier) + window), undated=True)
        met = {b.document_id for _, b in story_pairs([item(m) for m in frontier],
                                                     [item(m) for m in pool if m.document_id not in members])}
        by_id = {m.document_id: m for m in pool}
        new = {i: by_id[i] for i in met}
        stories_met = {m.story_id for m in new.values() if m.story_id} - affected
        if stories_met:
            affected |= stories_met
            new.update({m.document_id: m for m in understanding_store.story_members(session, story_ids=stories_met)
                        if m.document_id not in members})
        members.update(new)
        frontier = list(new.values())
    if not members and not affected:
        return 0
    groups = [[members[i] for i in story.originals]
              for story in group_stories([item(m) for m in members.values()])]
    placed = understanding_store.replace_stories_of(session, affected, groups)
    # documents that left every story (no longer in stories, or copies of an original without one) keep none
    session.execute(update(DocumentRow).where(DocumentRow.id.in_([i for i in document_ids if i not in placed]))
                    .values(story_id=None))
    return len(groups)


def _propose_names(session: Session, items) -> int:
    """New names from this batch's originals, proposed once two outlets (in any batch) used them."""
    from charterwatch.entities.proposals import candidates_from_runs
    from charterwatch.store import understanding as understanding_store

    keys = {key for item in items for _, key in item.names}
    if not keys:
        return 0
    return entity_store.propose_entities(session, candidates_from_runs(understanding_store.name_runs(session, keys)))
