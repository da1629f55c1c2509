"""Secretariat records: dated acts of a body (meeting, priority project, milestone, roadmap).

Records are the highest-trust evidence charterwatch has. They are never overwritten: a
correction makes a new revision and the old one stays readable with who changed it and when.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from charterwatch.agreement.model import Agreement, RecordKind
from charterwatch.errors import RecordError

RECORD_KINDS: tuple[str, ...] = ("meeting", "project", "milestone", "roadmap")


class NewRecord(BaseModel):
    """What a user supplies to add (or correct) a record."""

    model_config = ConfigDict(extra="forbid")

    kind: RecordKind
    date: dt.date = Field(description="When the act happened, not when it was typed in.")
    provision_id: str
    body_id: str | None = None
    source: str = Field(min_length=1, description="URL or document reference the record rests on.")
    text: str = Field(min_length=1, description="What the body decided or did, in free text.")
    title: str | None = None

    @field_validator("source", "text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()


class Record(NewRecord):
    """A stored record at its current revision."""

    id: int
    agreement_id: str
    revision: int
    withdrawn: bool = False
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str


class RecordRevision(BaseModel):
    """One entry of a record's history: what it said after a change, who changed it and why."""

    record_id: int
    revision: int
    action: str  # created | corrected | withdrawn
    changed_at: dt.datetime
    changed_by: str
    reason: str | None
    snapshot: dict


def check_record(agreement: Agreement, record: NewRecord) -> None:
    """Raise :class:`RecordError` unless the record fits the agreement.

    The provision must exist; a body, when given, must exist; a provision whose deadline runs per
    body needs one, and it must be one of that provision's bodies.
    """
    provision = agreement.provision(record.provision_id)
    if provision is None:
        raise RecordError(
            f"record: provision {record.provision_id!r} is not in agreement {agreement.id!r} "
            f"(see `charterwatch provisions --agreement {agreement.id}`)"
        )
    if record.body_id is not None:
        if agreement.body(record.body_id) is None:
            known = ", ".join(b.id for b in agreement.bodies) or "none"
            raise RecordError(
                f"record: body {record.body_id!r} is not in agreement {agreement.id!r} (known: {known})"
            )
        allowed = [b.id for b in agreement.bodies_for(provision)]
        if provision.bodies and record.body_id not in allowed:
            raise RecordError(
                f"record: body {record.body_id!r} is not one of provision {provision.id!r}'s bodies "
                f"({', '.join(allowed)})"
            )
    elif provision.due is not None and provision.due.per_body:
        raise RecordError(
            f"record: provision {provision.id!r} is due per working group; give --body "
            f"({', '.join(b.id for b in agreement.bodies_for(provision))})"
        )
