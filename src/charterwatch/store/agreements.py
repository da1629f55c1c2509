"""Saving agreements into the store and reading them back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from charterwatch.agreement.model import Agreement
from charterwatch.errors import StoreError
from charterwatch.store.schema import AgreementRow, BodyRow, ProvisionRow, RecordRow

SaveOutcome = Literal["created", "updated", "unchanged"]


def agreement_document(agreement: Agreement) -> dict:
    """The agreement as JSON in the file format (what the store keeps and hashes)."""
    return agreement.model_dump(mode="json", by_alias=True, exclude_none=True)


def agreement_fingerprint(agreement: Agreement) -> str:
    return hashlib.sha256(json.dumps(agreement_document(agreement), sort_keys=True).encode()).hexdigest()


def save_agreement(session: Session, agreement: Agreement, *, source: str, now: dt.datetime) -> SaveOutcome:
    """Insert or update an agreement with its provisions and bodies, in the caller's transaction.

    A reload may change summaries, keywords and deadlines freely, but may not drop a provision or
    body that records still cite: that would orphan the secretariat's records.
    """
    fingerprint = agreement_fingerprint(agreement)
    row = session.get(AgreementRow, agreement.id)
    if row is not None and row.content_sha256 == fingerprint:
        return "unchanged"
    outcome: SaveOutcome = "created" if row is None else "updated"
    if row is None:
        row = AgreementRow(id=agreement.id)
        session.add(row)
    row.title = agreement.title
    row.signed = agreement.agreement.signed
    row.source = source
    row.content_sha256 = fingerprint
    row.document = agreement_document(agreement)
    row.loaded_at = now

    new_provisions = {p.id for p in agreement.provisions}
    new_bodies = {b.id for b in agreement.bodies}
    _refuse_orphans(session, agreement.id, RecordRow.provision_id, new_provisions, "provision")
    _refuse_orphans(session, agreement.id, RecordRow.body_id, new_bodies, "body")

    existing_provisions = {p.id: p for p in session.scalars(
        select(ProvisionRow).where(ProvisionRow.agreement_id == agreement.id))}
    position = 0
    for section in agreement.sections:
        for provision in section.provisions:
            prow = existing_provisions.pop(provision.id, None) or ProvisionRow(agreement_id=agreement.id, id=provision.id)
            prow.section_id, prow.section_title, prow.position = section.id, section.title, position
            prow.kind, prow.summary = provision.kind, provision.summary
            prow.keywords = {k: list(v) for k, v in provision.keywords.items()}
            prow.due = provision.due.model_dump(mode="json", by_alias=True, exclude_none=True) if provision.due else None
            session.add(prow)
            position += 1
    for stale in existing_provisions.values():
        session.delete(stale)

    existing_bodies = {b.id: b for b in session.scalars(select(BodyRow).where(BodyRow.agreement_id == agreement.id))}
    for position, body in enumerate(agreement.bodies):
        brow = existing_bodies.pop(body.id, None) or BodyRow(agreement_id=agreement.id, id=body.id)
        brow.name, brow.position = body.name, position
        session.add(brow)
    for stale in existing_bodies.values():
        session.delete(stale)
    session.flush()
    return outcome


def _refuse_orphans(session: Session, agreement_id: str, column, keep: set[str], what: str) -> None:
    cited = session.execute(
        select(column, func.count()).where(RecordRow.agreement_id == agreement_id, column.is_not(None))
        .group_by(column)
    ).all()
    dropped = sorted((name, count) for name, count in cited if name not in keep)
    if dropped:
        listed = ", ".join(f"{name!r} ({count} records)" for name, count in dropped)
        raise StoreError(
            f"agreement {agreement_id!r}: the new version drops {what} {listed} that records cite; "
            f"keep the id or correct those records first"
        )


def stored_agreement(session: Session, agreement_id: str) -> Agreement | None:
    row = session.get(AgreementRow, agreement_id)
    return None if row is None else Agreement.model_validate(row.document)


def stored_agreement_rows(session: Session) -> list[AgreementRow]:
    return list(session.scalars(select(AgreementRow).order_by(AgreementRow.signed.desc(), AgreementRow.id)))
