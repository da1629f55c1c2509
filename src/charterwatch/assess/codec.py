"""An :class:`Assessment` as plain JSON and back, so the writer can store what it assessed and a
reader in another process (the dashboard after an ingest) uses it instead of assessing again."""

from __future__ import annotations

import dataclasses
import datetime as dt

from charterwatch.assess.agreement_status import Assessment, ProvisionAssessment
from charterwatch.assess.deadlines import DueItem
from charterwatch.assess.status import StatusChange

#: Bumped when the shape below changes: stored assessments of another version are recomputed.
CODEC_VERSION = 2


def _plain(value):
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _typed(value):
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def _due(data: dict | None) -> DueItem | None:
    return None if data is None else DueItem(**data)


def assessment_to_json(assessment: Assessment) -> dict:
    return {"version": CODEC_VERSION, "assessment": _plain(dataclasses.asdict(assessment))}


def assessment_from_json(data: dict) -> Assessment | None:
    """The assessment, or None when it was stored by another version of this codec."""
    if data.get("version") != CODEC_VERSION:
        return None
    a = _typed(data["assessment"])
    provisions = tuple(
        ProvisionAssessment(p["provision_id"], p["body_id"],
                            tuple(StatusChange(c["status"], c["ordinal"], c["since"], c["reason"], tuple(c["grounds"]))
                                  for c in p["history"]),
                            p["evidence_count"], p["sources"], tuple(p["languages"]), _due(p["due"]),
                            p.get("note"))
        for p in a["provisions"])
    return Assessment(a["agreement_id"], a["as_of"], provisions, tuple(_due(d) for d in a["deadlines"]))
