"""Deadlines: every due item and its state on a day, with how far the news was searched."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from charterwatch.assess.deadlines import recent_occurrences
from charterwatch.web import charts
from charterwatch.web.params import Scope, Served, scope, served
from charterwatch.web.responses import as_json, page, render

router = APIRouter()


@router.get("/api/deadlines", summary="Due items and their state on a day")
def deadlines(where: Scope = Depends(scope), serving: Served = Depends(served)):
    workspace = serving.workspace
    return as_json({"agreement": where.agreement.id, "as_of": where.day,
                    "deadlines": workspace.assessment(where.agreement, where.day).deadlines,
                    "searched": workspace.coverage(where.day)})


@page(router, "/deadlines", listing=True)
def deadlines_page(request: Request, where: Scope = Depends(scope), serving: Served = Depends(served)):
    a, day = where.agreement, where.day
    items, hidden = recent_occurrences(list(serving.workspace.assessment(a, day).deadlines))
    lanes: dict[str, list[dict]] = {}
    for item in items:
        body = a.body(item.body_id) if item.body_id else None
        lane = body.name if body else "The agreement as a whole"
        label = item.provision_id + (f" #{item.occurrence}" if item.occurrence else "")
        lanes.setdefault(lane, []).append({"due": item.due, "state": item.state, "window_start": item.window_start,
                                           "label": label, "met_on": item.met_on})
    return render(request, "deadlines.html", where, items=items, chart=charts.deadline_timeline(list(lanes.items()), day),
                  hidden=hidden, searched=serving.workspace.coverage(day))
