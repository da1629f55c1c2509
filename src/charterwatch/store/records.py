"""Secretariat records in the store: add, correct, withdraw, list, history. Never overwrite."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from charterwatch.errors import NotFoundError
from charterwatch.records.model import NewRecord, Record, RecordRevision
from charterwatch.store.schema import RecordRevisionRow, RecordRow

_FIELDS = ("kind", "date", "provision_id", "body_id", "source", "text", "title")


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stamp charterwatch writes is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _to_record(row: RecordRow) -> Record:
    return Record(
        id=row.id, agreement_id=row.agreement_id, kind=row.kind, date=row.date,
        provision_id=row.provision_id, body_id=row.body_id, source=row.source, text=row.text,
        title=row.title, revision=row.revision, withdrawn=row.withdrawn,
        created_at=_aware(row.created_at), created_by=row.created_by,
        updated_at=_aware(row.updated_at), updated_by=row.updated_by,
    )


def _snapshot(row: RecordRow) -> dict:
    data = {name: getattr(row, name) for name in _FIELDS}
    data["date"] = row.date.isoformat()
    data["withdrawn"] = row.withdrawn
    return data


def _append_revision(session: Session, row: RecordRow, action: str, by: str, now: dt.datetime,
                     reason: str | None) -> None:
    session.add(RecordRevisionRow(record_id=row.id, revision=row.revision, action=action, changed_at=now,
                                  changed_by=by, reason=reason, snapshot=_snapshot(row)))


def _new_revision(session: Session, row: RecordRow, action: str, *, by: str, reason: str, now: dt.datetime) -> Record:
    """Bump the revision of a changed row and append the snapshot of what it now says."""
    row.revision += 1
    row.updated_at, row.updated_by = now, by
    session.flush()
    _append_revision(session, row, action, by, now, reason)
    session.flush()
    return _to_record(row)


def insert_record(session: Session, agreement_id: str, record: NewRecord, *, by: str, now: dt.datetime) -> Record:
    row = RecordRow(agreement_id=agreement_id, revision=1, withdrawn=False, created_at=now, created_by=by,
                    updated_at=now, updated_by=by, **record.model_dump())
    session.add(row)
    session.flush()
    _append_revision(session, row, "created", by, now, None)
    session.flush()
    return _to_record(row)


def get_record_row(session: Session, record_id: int) -> RecordRow:
    row = session.get(RecordRow, record_id)
    if row is None:
        raise NotFoundError(f"record {record_id}: no such record (see `charterwatch records`)")
    return row


def correct_record(session: Session, record_id: int, corrected: NewRecord, *, by: str, reason: str,
                   now: dt.datetime) -> Record:
    """Replace a record's fields with ``corrected``, keeping the previous revision in history."""
    row = get_record_row(session, record_id)
    for name, value in corrected.model_dump().items():
        setattr(row, name, value)
    return _new_revision(session, row, "corrected", by=by, reason=reason, now=now)


def withdraw_record(session: Session, record_id: int, *, by: str, reason: str, now: dt.datetime) -> Record:
    """Mark a record withdrawn (it stops counting); its text and history stay."""
    row = get_record_row(session, record_id)
    row.withdrawn = True
    return _new_revision(session, row, "withdrawn", by=by, reason=reason, now=now)


def list_records(session: Session, agreement_id: str, *, body_id: str | None = None,
                 include_withdrawn: bool = False) -> list[Record]:
    query = select(RecordRow).where(RecordRow.agreement_id == agreement_id)
    if body_id is not None:
        query = query.where(RecordRow.body_id == body_id)
    if not include_withdrawn:
        query = query.where(RecordRow.withdrawn.is_(False))
    return [_to_record(r) for r in session.scalars(query.order_by(RecordRow.date, RecordRow.id))]


def record_history(session: Session, record_id: int) -> list[RecordRevision]:
    get_record_row(session, record_id)
    rows = session.scalars(select(RecordRevisionRow).where(RecordRevisionRow.record_id == record_id)
                           .order_by(RecordRevisionRow.revision))
    return [RecordRevision(record_id=r.record_id, revision=r.revision, action=r.action, changed_at=_aware(r.changed_at),
                           changed_by=r.changed_by, reason=r.reason, snapshot=r.snapshot) for r in rows]


def agreement_revisions(session: Session, agreement_id: str) -> list[RecordRevision]:
    """Every revision of every record of an agreement (withdrawn ones too), by record then revision."""
    rows = session.scalars(select(RecordRevisionRow).join(RecordRow, RecordRow.id == RecordRevisionRow.record_id)
                           .where(RecordRow.agreement_id == agreement_id)
                           .order_by(RecordRevisionRow.record_id, RecordRevisionRow.revision))
    return [RecordRevision(record_id=r.record_id, revision=r.revision, action=r.action, changed_at=_aware(r.changed_at),
                           changed_by=r.changed_by, reason=r.reason, snapshot=r.snapshot) for r in rows]
