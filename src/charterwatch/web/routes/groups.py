"""Working groups: the API's summaries, the groups page, a group's page with its records, and the
token-guarded forms that add, correct or withdraw a record there."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from charterwatch.errors import CharterwatchError, NotFoundError
from charterwatch.records.model import RECORD_KINDS, NewRecord, default_provision
from charterwatch.web.params import Scope, Served, Unauthorized, first_error, parse_day, refusal, scope, served
from charterwatch.web.responses import as_json, kept, page, render

router = APIRouter()


@router.get("/api/groups", summary="Working groups: meetings, projects, roadmap, status")
def groups(where: Scope = Depends(scope), serving: Served = Depends(served)):
    return as_json(serving.workspace.groups(where.agreement, where.day))


@page(router, "/groups", listing=True)
def groups_page(request: Request, where: Scope = Depends(scope), serving: Served = Depends(served)):
    return render(request, "groups.html", where, groups=serving.workspace.groups(where.agreement, where.day))


def _group_view(request: Request, body_id: str, where: Scope, *, status_code: int = 200, error: str | None = None,
                form: dict | None = None, added: int | None = None, change: dict | None = None,
                changed: int | None = None) -> Response:
    workspace, a, day = served(request).workspace, where.agreement, where.day
    if a.body(body_id) is None:
        raise NotFoundError(f"working group {body_id!r}: not a body of {a.id!r}")
    group = next(g for g in workspace.groups(a, day) if g.body_id == body_id)
    # the provisions this group answers for first (its roadmap deadline at the top), then the rest
    own = [p for p in a.provisions if body_id in p.bodies or (p.due and p.due.per_body)]
    choices = sorted(own, key=lambda p: not (p.due and p.due.per_body)) + [p for p in a.provisions if p not in own]
    return render(request, "group.html", where, status_code=status_code, group=group,
                  records=workspace.records(a, body_id=body_id, as_of=day), error=error, form=form or {},
                  added=added, change=change or {}, changed=changed, kinds=RECORD_KINDS, choices=choices)


@page(router, "/groups/{body_id}")
def group_page(request: Request, body_id: str, added: int | None = None, changed: int | None = None,
               where: Scope = Depends(scope)):
    return _group_view(request, body_id, where, added=added, changed=changed)


async def _posted(request: Request, body_id: str, where: Scope, *, slot: str,
                  done: str) -> tuple[dict, Response | None]:
    """A group page form's fields, and the page to answer with when writing is off or the token is
    wrong (what was typed is kept in ``slot``: the add form or the change form)."""
    form = {k: v[-1].strip() for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    refused = refusal(served(request).token, form.pop("token", ""))
    if refused is None:
        return form, None
    if isinstance(refused, Unauthorized):
        return form, _group_view(request, body_id, where, status_code=401, **{slot: form},
                                 error=f"The token is missing or wrong: the record was not {done}.")
    return form, _group_view(request, body_id, where, status_code=403, **{slot: form},
                             error="Writing is disabled on this server: start it with CHARTERWATCH_TOKEN set.")


def _back(request: Request, body_id: str, **shown: int) -> RedirectResponse:
    """After a post, back to the group's page as it was asked for (same agreement and day)."""
    return RedirectResponse(f"/groups/{body_id}?" + urlencode({**kept(request), **shown}), status_code=303)


@router.post("/groups/{body_id}/records", response_class=HTMLResponse, include_in_schema=False)
async def add_group_record(request: Request, body_id: str, where: Scope = Depends(scope)):
    form, refused = await _posted(request, body_id, where, slot="form", done="added")
    if refused is not None:
        return refused
    a = where.agreement
    try:
        provision_id = form.get("provision_id") or default_provision(a, form.get("kind", ""), body_id) or ""
        record = NewRecord(kind=form.get("kind", ""), date=form.get("date", ""), provision_id=provision_id,
                           body_id=body_id, source=form.get("source", ""), text=form.get("text", ""),
                           title=form.get("title") or None)
        made = served(request).workspace.add_record(a, record, by=form.get("by") or "dashboard")
    except ValidationError as exc:
        return _group_view(request, body_id, where, status_code=400, form=form, error=first_error(exc))
    except CharterwatchError as exc:
        return _group_view(request, body_id, where, status_code=400, form=form, error=exc.message)
    return _back(request, body_id, added=made.id)


@router.post("/groups/{body_id}/records/change", response_class=HTMLResponse, include_in_schema=False)
async def change_group_record(request: Request, body_id: str, where: Scope = Depends(scope)):
    """Correct or withdraw one of the group's records: the token, a reason, and history kept."""
    form, refused = await _posted(request, body_id, where, slot="change", done="changed")
    if refused is not None:
        return refused
    workspace, a = served(request).workspace, where.agreement
    by = form.get("by") or "dashboard"
    try:
        record_id = int(form.get("record_id") or 0)
        if record_id not in {r.id for r in workspace.records(a, body_id=body_id)}:
            raise NotFoundError(f"record {form.get('record_id')!r}: not a record of {body_id}")
        if form.get("action") == "withdraw":
            changed = workspace.withdraw_record(record_id, by=by, reason=form.get("reason", ""))
        else:
            changes = {k: v for k, v in (("date", parse_day(form.get("date"), "date")), ("text", form.get("text")),
                                         ("source", form.get("source"))) if v}
            if not changes:
                raise CharterwatchError(f"record {record_id}: give at least one field to correct (date, text, source)")
            changed = workspace.correct_record(a, record_id, changes, by=by, reason=form.get("reason", ""))
    except (CharterwatchError, ValueError) as exc:
        message = exc.message if isinstance(exc, CharterwatchError) else f"record_id: {exc}"
        return _group_view(request, body_id, where, status_code=400, change=form, error=message)
    return _back(request, body_id, changed=changed.id)
