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


def default_provision(agreement: Agreement, kind: str, body_id: str | None) -> str | None:
    """The provision a record counts for when none is named; None when the agreement leaves a choice.

    A body's meeting counts for the mechanism that sets the body up (the provision listing it, with
    no deadline of its own); a meeting of no body, for the one recurring meeting rule; a roadmap,
    project or milestone, for the one deadline that runs per body. The CLI, the API and the
    dashboard's form all use this rule.
    """
    def met_by(provision) -> list[str]:
        due = provision.due
        return list(due.met_by or (["meeting"] if due.recurring else ["roadmap", "milestone"]))

    due = [p for p in agreement.provisions if p.due is not None]
    if kind == "meeting":
        if body_id is not None:
            setting_up = [p for p in agreement.provisions if body_id in p.bodies and p.due is None]
            return setting_up[0].id if len(setting_up) == 1 else None
        recurring = [p for p in due if p.due.recurring and not p.due.per_body and "meeting" in met_by(p)]
        return recurring[0].id if len(recurring) == 1 else None
    per_body = [p for p in due if p.due.per_body]
    return per_body[0].id if len(per_body) == 1 else None


def check_body(agreement: Agreement, body_id: str) -> None:
    """Raise a one-line :class:`RecordError` (with the nearest id) unless the body is the agreement's."""
    if agreement.body(body_id) is None:
        known = ", ".join(b.id for b in agreement.bodies) or "none"
        raise RecordError(f"record: body {body_id!r} is not in agreement {agreement.id!r} "
                          f"({agreement.did_you_mean(body_id, bodies=True)}known: {known})")


def check_record_date(record: NewRecord, today: dt.date) -> None:
    """A record says what happened: a date after today is a typo, refused."""
    if record.date > today:
        raise RecordError(f"record: date {record.date.isoformat()} is in the future (today is {today.isoformat()}); "
                          f"a record says what happened")


def check_record(agreement: Agreement, record: NewRecord) -> None:
    """Raise :class:`RecordError` unless the record fits the agreement.

    The provision must exist; a body, when given, must exist; a provision whose deadline runs per
    body needs one, and it must be one of that provision's bodies.
    """
    provision = agreement.provision(record.provision_id)
    if provision is None:
        raise RecordError(
            f"record: provision {record.provision_id!r} is not in agreement {agreement.id!r} "
            f"({agreement.did_you_mean(record.provision_id)}see `charterwatch provisions --agreement {agreement.id}`)"
        )
    if record.body_id is not None:
        check_body(agreement, record.body_id)
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
