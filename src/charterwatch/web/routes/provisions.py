"""Provisions: the API's list and detail, the provision page, its evidence feed, and the codebook
that says what each status means."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from charterwatch.assess.changes import fold_copies
from charterwatch.assess.codebook import LABELS, RULES, STATUS_CODES, class_of, headline
from charterwatch.errors import CharterwatchError
from charterwatch.web import charts
from charterwatch.web.feeds import evidence_feed
from charterwatch.web.params import Scope, Served, scope, served
from charterwatch.web.responses import as_json, atom, page, render

router = APIRouter()


@router.get("/api/provisions", summary="Every provision with its status as known on a day")
def provisions(section: str | None = None, where: Scope = Depends(scope), serving: Served = Depends(served)):
    workspace, a = serving.workspace, where.agreement
    sections = {p.id: s.id for s in a.sections for p in s.provisions}
    if section is not None and section not in set(sections.values()):
        raise CharterwatchError(f"section {section!r}: not a section of {a.id!r}")
    rows = [p for p in workspace.export_provisions(a, where.day) if section in (None, sections[p["id"]])]
    shown = {r["id"] for r in rows}
    top = headline(a, workspace.assessment(a, where.day), provision_ids=shown if section else None)
    return as_json({"agreement": a.id, "as_of": where.day, "headline": top.to_dict(), "provisions": rows})


@router.get("/api/provisions/{provision_id}", summary="One provision: status history per body, and its evidence")
def provision(provision_id: str, where: Scope = Depends(scope), serving: Served = Depends(served)):
    workspace, a = serving.workspace, where.agreement
    found = workspace.provision(a, provision_id)
    statuses = [p for p in workspace.export_provisions(a, where.day) if p["id"] == provision_id]
    return as_json({"id": provision_id, "summary": found.summary, "kind": found.kind, "statuses": statuses,
                    "evidence": workspace.evidence(a, provision_id, as_of=where.day)})


@page(router, "/provisions/{provision_id}")
def provision_page(request: Request, provision_id: str, where: Scope = Depends(scope),
                   serving: Served = Depends(served)):
    workspace, a, day = serving.workspace, where.agreement, where.day
    found = workspace.provision(a, provision_id)
    units = [p for p in workspace.assessment(a, day).provisions if p.provision_id == provision_id]
    timelines = [(u, charts.status_timeline(
        [{"status": c.status, "ordinal": c.ordinal, "since": c.since, "reason": c.reason} for c in u.history],
        a.agreement.signed, day, title=f"Status of {provision_id}" + (f" ({u.body_id})" if u.body_id else "")))
        for u in units]
    evidence = workspace.evidence(a, provision_id, as_of=day)
    section = next(s for s in a.sections if any(p.id == provision_id for p in s.provisions))
    return render(request, "provision.html", where, provision=found, section=section, timelines=timelines,
                  evidence=fold_copies(evidence).get(provision_id, []), evidence_total=len(evidence),
                  records=workspace.records(a, provision_id=provision_id, as_of=day))


@router.get("/provisions/{provision_id}/evidence.atom", include_in_schema=False)
def evidence_atom(request: Request, provision_id: str, where: Scope = Depends(scope),
                  serving: Served = Depends(served)):
    workspace, a = serving.workspace, where.agreement
    workspace.provision(a, provision_id)
    return atom(evidence_feed(a, provision_id, workspace.evidence(a, provision_id),
                              base=str(request.base_url).rstrip("/"), as_of=where.day, pinned=where.pinned))


@page(router, "/codebook")
def codebook_page(request: Request, where: Scope = Depends(scope)):
    kinds = {kind: [p for p in where.agreement.provisions if class_of(p) == kind] for kind in RULES}
    return render(request, "codebook.html", where, codes=STATUS_CODES, rules=RULES, kinds=kinds, labels=LABELS)
