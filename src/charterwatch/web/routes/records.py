"""The secretariats' records through the API: list, add, correct, withdraw, history (writing needs
the token; every change keeps the earlier revision)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel

from charterwatch.errors import CharterwatchError
from charterwatch.records.model import NewRecord, default_provision
from charterwatch.web.params import MAX_ID, Served, served, writer
from charterwatch.web.responses import as_json

router = APIRouter()


class RecordIn(BaseModel):
    kind: str
    date: dt.date
    provision_id: str | None = None      # None: the library's default for the kind and body
    body_id: str | None = None
    source: str
    text: str
    title: str | None = None
    by: str | None = None


class CorrectionIn(BaseModel):
    reason: str
    kind: str | None = None
    date: dt.date | None = None
    provision_id: str | None = None
    body_id: str | None = None
    source: str | None = None
    text: str | None = None
    title: str | None = None
    by: str | None = None


class WithdrawalIn(BaseModel):
    reason: str
    by: str | None = None


def _agreement(serving: Served, agreement: str | None):
    return serving.workspace.agreement_by_id(agreement)


@router.get("/api/records", summary="The secretariats' records")
def records(agreement: str | None = Query(None), body: str | None = None, serving: Served = Depends(served)):
    return as_json(serving.workspace.records(_agreement(serving, agreement), body_id=body))


@router.post("/api/records", summary="Add a secretariat record (token required)", status_code=201,
             dependencies=[Depends(writer)])
def add_record(body: RecordIn, agreement: str | None = Query(None), serving: Served = Depends(served)):
    a = _agreement(serving, agreement)
    fields = body.model_dump(exclude={"by"})
    fields["provision_id"] = fields["provision_id"] or default_provision(a, body.kind, body.body_id)
    if fields["provision_id"] is None:
        raise CharterwatchError(f"record {body.kind}: say which provision it is for (provision_id)")
    return as_json(serving.workspace.add_record(a, NewRecord(**fields), by=body.by or "api"), status_code=201)


@router.post("/api/records/{record_id}/correct", dependencies=[Depends(writer)],
             summary="Correct a record; the earlier revision stays (token required)")
def correct_record(body: CorrectionIn, record_id: int = Path(ge=1, le=MAX_ID), agreement: str | None = Query(None),
                   serving: Served = Depends(served)):
    changes = {k: v for k, v in body.model_dump(exclude={"reason", "by"}).items() if v is not None}
    if not changes:
        raise CharterwatchError(f"record {record_id}: give at least one field to correct")
    return as_json(serving.workspace.correct_record(_agreement(serving, agreement), record_id, changes,
                                                    by=body.by or "api", reason=body.reason))


@router.post("/api/records/{record_id}/withdraw", dependencies=[Depends(writer)],
             summary="Withdraw a record; it stays readable (token required)")
def withdraw_record(body: WithdrawalIn, record_id: int = Path(ge=1, le=MAX_ID), serving: Served = Depends(served)):
    return as_json(serving.workspace.withdraw_record(record_id, by=body.by or "api", reason=body.reason))


@router.get("/api/records/{record_id}/history", summary="Every revision of a record")
def record_history(record_id: int = Path(ge=1, le=MAX_ID), serving: Served = Depends(served)):
    return as_json(serving.workspace.record_history(record_id))
