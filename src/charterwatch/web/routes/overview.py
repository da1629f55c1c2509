"""The overview: every provision's status with the headline, alerts and what moved lately."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from fastapi import APIRouter, Depends, Request

from charterwatch.assess.changes import new_evidence, status_moves
from charterwatch.assess.codebook import headline
from charterwatch.assess.status import STATUSES
from charterwatch.errors import CharterwatchError
from charterwatch.web import charts
from charterwatch.web.params import Scope, Served, scope, served
from charterwatch.web.responses import page, render

#: "What changed lately" on the overview.
RECENT_DAYS = 7

router = APIRouter()


@page(router, "/")
def overview(request: Request, status: str | None = None, where: Scope = Depends(scope),
             serving: Served = Depends(served)):
    workspace, a, day = serving.workspace, where.agreement, where.day
    if status and status not in STATUSES:
        raise CharterwatchError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
    assessment = workspace.assessment(a, day)
    status_counts = Counter(p.status.status for p in assessment.provisions)
    units = {}
    for p in assessment.provisions:
        if not status or p.status.status == status:
            units.setdefault(p.provision_id, []).append(p)
    sections = [{"section": s, "units": [u for p in s.provisions for u in units.get(p.id, [])],
                 "headline": headline(a, assessment, provision_ids={p.id for p in s.provisions})} for s in a.sections]
    if status:
        sections = [entry for entry in sections if entry["units"]]
    facets = {"status": [(s, status_counts[s]) for s in STATUSES if status_counts[s]]}
    alerts = [d for d in assessment.deadlines if d.state in ("missed", "due_soon")]
    since = day - dt.timedelta(days=RECENT_DAYS)
    return render(request, "overview.html", where, assessment=assessment, sections=sections,
                  top=headline(a, assessment), share_bar=charts.share_bar, alerts=alerts,
                  moves=status_moves(assessment, since, day), since=since, facets=facets, chosen_status=status,
                  recent_evidence=new_evidence(workspace.evidence(a), since, day), counts=workspace.document_counts())
