"""The dashboard: server-rendered pages over the same ``Workspace`` as the CLI and the JSON API.

Every page reads ``agreement`` and ``as_of`` from the query string (links keep them), so a page
can be shared as it was on a given day. Article text is untrusted: templates autoescape, and the
only markup built in Python is the SVG in :mod:`charterwatch.web.charts`, which escapes too.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections import Counter
from collections.abc import Callable
from importlib.resources import files
from typing import get_args
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import ValidationError

from charterwatch.agreement.duration import duration_words, plural
from charterwatch.agreement.model import Agreement, Language
from charterwatch.assess.changes import fold_copies, new_evidence, status_moves
from charterwatch.assess.codebook import GROUP_RULE, LABELS, RULES, STATUS_CODES, class_of, headline, rule_of
from charterwatch.assess.deadlines import recent_occurrences
from charterwatch.assess.status import STATUSES
from charterwatch.errors import CharterwatchError, NotFoundError
from charterwatch.records.model import NewRecord, default_provision
from charterwatch.store.documents import DOCUMENT_SORTS
from charterwatch.web import charts
from charterwatch.web.feeds import changes_feed, evidence_feed
from charterwatch.workspace import Workspace

#: "What changed lately" on the overview.
RECENT_DAYS = 7
DOCUMENTS_PER_PAGE = 50
RECORD_KINDS = ("meeting", "project", "milestone", "roadmap")
MAX_ID = 2**31 - 1   # ids are 32-bit in every store
LANGUAGES = get_args(Language)

templates = Environment(loader=PackageLoader("charterwatch.web", "templates"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)
templates.filters["label"] = lambda value: (value or "").replace("_", " ")
templates.globals["status_colours"] = charts.STATUS_COLOURS
templates.globals["due_colours"] = charts.DUE_COLOURS
templates.globals["plural"] = plural
templates.globals["group_rule"] = GROUP_RULE
templates.globals["duration_words"] = duration_words
templates.globals["rule_of"] = rule_of


def linkable(url: str | None) -> str | None:
    """The URL when it may become a link (http or https, with a host), else None: a stored URL is
    data until checked, so ``javascript:``, ``data:`` or ``file:`` are shown as text, never as links."""
    if not url or not isinstance(url, str) or any(ch in url for ch in "\x00\r\n\t"):
        return None
    parsed = urlsplit(url.strip())
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc or url != url.strip():
        return None
    return url


templates.filters["linkable"] = linkable


def token_matches(supplied: str | bytes | None, token: str) -> bool:
    """The one token check (form and API): UTF-8 bytes compared in constant time, so any text works
    (a header arrives as bytes: HTTP headers are read as latin-1, so pass them re-encoded)."""
    if not supplied:
        return False
    given = supplied if isinstance(supplied, bytes) else supplied.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(given, token.encode("utf-8", "surrogatepass"))


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; any other form gives None."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


#: Headers on every response: no script may run (the dashboard needs none), no framing, no sniffing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CharterwatchError(f"{name} {value!r}: not a date (use YYYY-MM-DD)") from None
    return plausible(day, name)


def plausible(day: dt.date, name: str) -> dt.date:
    """Refuse days no agreement's record can concern (and whose arithmetic would overflow)."""
    if not 1900 <= day.year <= 2999:
        raise CharterwatchError(f"{name} {day.isoformat()}: out of range (years 1900 to 2999)")
    return day


def day_asked(value: dt.date | str | None, today: Callable[[], dt.date]) -> dt.date:
    """The ``as_of`` cut-off every surface shares (API, pages, feeds): the day asked for, checked,
    else today."""
    if value is None or value == "":
        return today()
    return _date(value, "as_of") if isinstance(value, str) else plausible(value, "as_of")


def one_page(fetch: Callable[[int], list], size: int) -> tuple[list, bool]:
    """The paging rule every list shares: ask for one row more than is shown; if it came, there is more."""
    rows = fetch(size + 1)
    return rows[:size], len(rows) > size


def add_dashboard(app: FastAPI, workspace: Workspace, *, token: str | None, today) -> None:
    """Register the dashboard's pages (and its stylesheet) on ``app``."""
    app.mount("/static", StaticFiles(directory=str(files("charterwatch.web") / "static")), name="static")

    def context(request: Request, agreement: Agreement, as_of: dt.date, **values) -> dict:
        keep = _kept(request)

        def url(path: str, **params) -> str:
            query = {**keep, **{k: v for k, v in params.items() if v not in (None, "", False)}}
            return path + ("?" + urlencode(query) if query else "")

        provisions = {p.id: p for p in agreement.provisions}
        bodies = {b.id: b.name for b in agreement.bodies}
        return {"request": request, "agreement": agreement, "as_of": as_of, "url": url, "provisions": provisions,
                "bodies": bodies, "agreements": workspace.agreements(), "writable": token is not None, **values}

    def render(name: str, status_code: int = 200, **values) -> Response:
        """The page as HTML, or its data as the ``.json`` twin or (lists) the ``.csv`` twin asks."""
        path = values["request"].url.path if "request" in values else ""
        if path.endswith(".json"):
            return JSONResponse(page_data(values), status_code=status_code)
        if path.endswith(".csv"):
            rows = values[LIST_ROWS[name]]
            return csv_response(rows if isinstance(rows, list) else list(rows), name.removesuffix(".html"))
        return HTMLResponse(templates.get_template(name).render(**values), status_code=status_code)

    def page(path: str, *, listing: bool = False):
        """Register a dashboard page with its twins: ``PATH.json`` (the page's data) and, for lists,
        ``PATH.csv`` — registered first, so ``/provisions/x.json`` is not read as the id ``x.json``."""
        def register(function):
            root = path.rstrip("/") or "/index"
            app.get(root + ".json", include_in_schema=False)(function)
            if listing:
                app.get(root + ".csv", include_in_schema=False)(function)
            app.get(path, response_class=HTMLResponse, include_in_schema=False)(function)
            return function
        return register

    def resolve(agreement: str | None, as_of: str | None) -> tuple[Agreement, dt.date]:
        return workspace.agreement_by_id(agreement), day_asked(as_of, today)

    @page("/")
    def overview(request: Request, agreement: str | None = None, as_of: str | None = None, status: str | None = None):
        a, day = resolve(agreement, as_of)
        assessment = workspace.assessment(a, day)
        status_counts = Counter(p.status.status for p in assessment.provisions)
        if status and status not in STATUSES:
            raise CharterwatchError(f"status {status!r}: expected one of {', '.join(STATUSES)}")
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
        return render("overview.html", **context(
            request, a, day, assessment=assessment, sections=sections, top=headline(a, assessment),
            share_bar=charts.share_bar, alerts=alerts, moves=status_moves(assessment, since, day), since=since,
            facets=facets, chosen_status=status,
            recent_evidence=new_evidence(workspace.evidence(a), since, day), counts=workspace.document_counts()))

    @page("/provisions/{provision_id}")
    def provision_page(request: Request, provision_id: str, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        found = workspace.provision(a, provision_id)
        assessment = workspace.assessment(a, day)
        units = [p for p in assessment.provisions if p.provision_id == provision_id]
        timelines = [(u, charts.status_timeline(
            [{"status": c.status, "ordinal": c.ordinal, "since": c.since, "reason": c.reason} for c in u.history],
            a.agreement.signed, day, title=f"Status of {provision_id}" + (f" ({u.body_id})" if u.body_id else "")))
            for u in units]
        evidence = [e for e in workspace.evidence(a, provision_id) if e["published"] is None or e["published"] <= day]
        section = next(s for s in a.sections if any(p.id == provision_id for p in s.provisions))
        records = [r for r in workspace.records(a) if r.provision_id == provision_id and r.date <= day]
        return render("provision.html", **context(
            request, a, day, provision=found, section=section, timelines=timelines,
            evidence=fold_copies(evidence).get(provision_id, []), evidence_total=len(evidence), records=records))

    @page("/deadlines", listing=True)
    def deadlines_page(request: Request, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        items, hidden = recent_occurrences(list(workspace.assessment(a, day).deadlines))
        lanes: dict[str, list[dict]] = {}
        for item in items:
            body = a.body(item.body_id) if item.body_id else None
            lane = body.name if body else "The agreement as a whole"
            label = item.provision_id + (f" #{item.occurrence}" if item.occurrence else "")
            lanes.setdefault(lane, []).append({"due": item.due, "state": item.state, "window_start": item.window_start,
                                               "label": label, "met_on": item.met_on})
        chart = charts.deadline_timeline(list(lanes.items()), day)
        return render("deadlines.html", **context(request, a, day, items=items, chart=chart, hidden=hidden,
                                                  searched=workspace.coverage(day)))

    @page("/groups", listing=True)
    def groups_page(request: Request, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        return render("groups.html", **context(request, a, day, groups=workspace.groups(a, day)))

    def group_view(request: Request, body_id: str, agreement: str | None, as_of: str | None, *, status_code=200,
                   error: str | None = None, form: dict | None = None, added: int | None = None,
                   change: dict | None = None, changed: int | None = None) -> HTMLResponse:
        a, day = resolve(agreement, as_of)
        if a.body(body_id) is None:
            raise NotFoundError(f"working group {body_id!r}: not a body of {a.id!r}")
        group = next(g for g in workspace.groups(a, day) if g.body_id == body_id)
        records = [r for r in workspace.records(a, body_id=body_id) if r.date <= day]
        # the provisions this group answers for first (its roadmap deadline at the top), then the rest
        own = [p for p in a.provisions if body_id in p.bodies or (p.due and p.due.per_body)]
        choices = sorted(own, key=lambda p: not (p.due and p.due.per_body)) + [p for p in a.provisions if p not in own]
        return render("group.html", status_code=status_code, **context(
            request, a, day, group=group, records=records, error=error, form=form or {}, added=added,
            change=change or {}, changed=changed, kinds=RECORD_KINDS, choices=choices))

    @page("/groups/{body_id}")
    def group_page(request: Request, body_id: str, agreement: str | None = None, as_of: str | None = None,
                   added: int | None = None, changed: int | None = None):
        return group_view(request, body_id, agreement, as_of, added=added, changed=changed)

    async def posted(request: Request, body_id: str, agreement: str | None, as_of: str | None, *, slot: str,
                     done: str) -> tuple[dict, HTMLResponse | None]:
        """A group page form's fields, and the page to answer with when writing is off or the token
        is wrong (what was typed is kept in ``slot``: the add form or the change form)."""
        form = {k: v[-1].strip() for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
        supplied = form.pop("token", "")
        if token is None:
            return form, group_view(request, body_id, agreement, as_of, status_code=403, **{slot: form},
                                    error="Writing is disabled on this server: start it with CHARTERWATCH_TOKEN set.")
        if not token_matches(supplied, token):
            return form, group_view(request, body_id, agreement, as_of, status_code=401, **{slot: form},
                                    error=f"The token is missing or wrong: the record was not {done}.")
        return form, None

    @app.post("/groups/{body_id}/records", response_class=HTMLResponse, include_in_schema=False)
    async def add_group_record(request: Request, body_id: str, agreement: str | None = None, as_of: str | None = None):
        form, refused = await posted(request, body_id, agreement, as_of, slot="form", done="added")
        if refused is not None:
            return refused
        a, _ = resolve(agreement, as_of)
        try:
            provision_id = form.get("provision_id") or default_provision(a, form.get("kind", ""), body_id) or ""
            record = NewRecord(kind=form.get("kind", ""), date=form.get("date", ""), provision_id=provision_id,
                               body_id=body_id, source=form.get("source", ""), text=form.get("text", ""),
                               title=form.get("title") or None)
            made = workspace.add_record(a, record, by=form.get("by") or "dashboard")
        except ValidationError as exc:
            first = exc.errors()[0]
            return group_view(request, body_id, agreement, as_of, status_code=400, form=form,
                              error=f"{'.'.join(map(str, first['loc']))}: {first['msg']}")
        except CharterwatchError as exc:
            return group_view(request, body_id, agreement, as_of, status_code=400, form=form, error=exc.message)
        return RedirectResponse(f"/groups/{body_id}?" + urlencode({**_kept(request), "added": made.id}), status_code=303)

    @app.post("/groups/{body_id}/records/change", response_class=HTMLResponse, include_in_schema=False)
    async def change_group_record(request: Request, body_id: str, agreement: str | None = None,
                                  as_of: str | None = None):
        """Correct or withdraw one of the group's records: the token, a reason, and history kept."""
        form, refused = await posted(request, body_id, agreement, as_of, slot="change", done="changed")
        if refused is not None:
            return refused
        a, _ = resolve(agreement, as_of)
        by = form.get("by") or "dashboard"
        try:
            record_id = int(form.get("record_id") or 0)
            if record_id not in {r.id for r in workspace.records(a, body_id=body_id)}:
                raise NotFoundError(f"record {form.get('record_id')!r}: not a record of {body_id}")
            if form.get("action") == "withdraw":
                changed = workspace.withdraw_record(record_id, by=by, reason=form.get("reason", ""))
            else:
                changes = {k: v for k, v in (("date", _date(form.get("date"), "date")), ("text", form.get("text")),
                                             ("source", form.get("source"))) if v}
                if not changes:
                    raise CharterwatchError(f"record {record_id}: give at least one field to correct (date, text, source)")
                changed = workspace.correct_record(a, record_id, changes, by=by, reason=form.get("reason", ""))
        except (CharterwatchError, ValueError) as exc:
            message = exc.message if isinstance(exc, CharterwatchError) else f"record_id: {exc}"
            return group_view(request, body_id, agreement, as_of, status_code=400, change=form, error=message)
        return RedirectResponse(f"/groups/{body_id}?" + urlencode({**_kept(request), "changed": changed.id}),
                                status_code=303)

    @page("/documents", listing=True)
    def documents_page(request: Request, agreement: str | None = None, as_of: str | None = None, q: str | None = None,
                       language: str | None = None, date_from: str | None = None, date_to: str | None = None,
                       outlet: str | None = None, originals: bool = False, provision: str | None = None,
                       sort: str = "newest", page: int = Query(1, ge=1, le=MAX_ID // DOCUMENTS_PER_PAGE)):
        a, day = resolve(agreement, as_of)
        if sort not in DOCUMENT_SORTS:
            raise CharterwatchError(f"sort {sort!r}: expected one of {', '.join(DOCUMENT_SORTS)}")
        start, end = _date(date_from, "date_from"), _date(date_to, "date_to")
        selected = dict(language=language or None, date_from=start, date_to=end, outlet=outlet or None,
                        originals_only=originals, text=q)
        items, more = one_page(lambda n: workspace.page_documents(
            agreement=a, provision=provision or None, sort=sort, offset=(page - 1) * DOCUMENTS_PER_PAGE, limit=n,
            **selected), DOCUMENTS_PER_PAGE)
        filters = {"q": q, "language": language, "date_from": date_from, "date_to": date_to, "outlet": outlet,
                   "originals": originals, "provision": provision}
        if request.url.path.endswith(".csv"):       # every matching document, streamed a page at a time
            def every():
                offset = 0
                while batch := workspace.page_documents(agreement=a, provision=provision or None, sort=sort,
                                                        offset=offset, limit=1000, **selected):
                    yield from batch
                    offset += len(batch)
            return csv_response(every(), "documents")
        facets = workspace.document_facets(agreement=a, provision=provision or None, **selected)
        return render("documents.html", **context(
            request, a, day, items=items, filters=filters, sort=sort, page=page, more=more, facets=facets,
            languages=LANGUAGES))

    @page("/documents/{document_id}")
    def document_page(request: Request, document_id: int = Path(ge=1, le=MAX_ID), agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        document = workspace.document(document_id)
        linked = [e for e in workspace.evidence(a) if e["document_id"] == document_id]
        by_paragraph: dict[int, list[dict]] = {}
        for e in linked:
            by_paragraph.setdefault(e["paragraph_index"], []).append(e)
        return render("document.html", **context(request, a, day, document=document, by_paragraph=by_paragraph,
                                                 copies=workspace.copies_of(document_id)))

    @page("/stories", listing=True)
    def stories_page(request: Request, agreement: str | None = None, as_of: str | None = None, q: str | None = None,
                     language: str | None = None, date_from: str | None = None, date_to: str | None = None):
        a, day = resolve(agreement, as_of)
        start, end = _date(date_from, "date_from"), _date(date_to, "date_to")
        words = (q or "").casefold().split()
        stories = [s for s in workspace.stories()
                   if all(w in (s["title"] or "").casefold() for w in words)
                   and (not language or language in (s["languages"] or []))
                   and (start is None or (s["last_seen"] is not None and s["last_seen"] >= start))
                   and (end is None or (s["first_seen"] is not None and s["first_seen"] <= end))]
        return render("stories.html", **context(request, a, day, stories=stories, languages=LANGUAGES,
                                                filters={"q": q, "language": language, "date_from": date_from,
                                                         "date_to": date_to}))

    @page("/codebook")
    def codebook_page(request: Request, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        kinds = {kind: [p for p in a.provisions if class_of(p) == kind] for kind in RULES}
        return render("codebook.html", **context(request, a, day, codes=STATUS_CODES, rules=RULES, kinds=kinds,
                                                 labels=LABELS))

    def atom(xml: str) -> Response:
        return Response(xml, media_type="application/atom+xml; charset=utf-8")

    @app.get("/changes.atom", include_in_schema=False)
    def changes_atom(request: Request, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        return atom(changes_feed(a, workspace.assessment(a, day), base=str(request.base_url).rstrip("/"), as_of=day,
                                 pinned=bool(as_of)))

    @app.get("/provisions/{provision_id}/evidence.atom", include_in_schema=False)
    def evidence_atom(request: Request, provision_id: str, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        workspace.provision(a, provision_id)
        return atom(evidence_feed(a, provision_id, workspace.evidence(a, provision_id),
                                  base=str(request.base_url).rstrip("/"), as_of=day, pinned=bool(as_of)))

    @page("/entities", listing=True)
    def entities_page(request: Request, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        return render("entities.html", **context(request, a, day, entities=workspace.entities()))

    @page("/entities/{entity_id}")
    def entity_page(request: Request, entity_id: str, agreement: str | None = None, as_of: str | None = None):
        a, day = resolve(agreement, as_of)
        entity = workspace.entity(entity_id)
        spellings: dict[int, list[str]] = {}
        for variant in entity["variants"]:
            for source in variant["sources"]:
                if isinstance(source, int):
                    spellings.setdefault(source, []).append(variant["text"])
        return render("entity.html", **context(request, a, day, entity=entity, spellings=spellings,
                                               documents=workspace.documents_by_id(sorted(spellings))))


#: The rows a list page's ``.csv`` twin writes: which of the page's values is its table.
LIST_ROWS = {"deadlines.html": "items", "groups.html": "groups", "documents.html": "items", "stories.html": "stories",
             "entities.html": "entities"}
#: Page values that are presentation, not data: left out of the ``.json`` twins.
_PRESENTATION = {"request", "url", "provisions", "bodies", "agreements", "writable", "share_bar", "chart", "kinds",
                 "labels", "choices", "languages", "form", "error", "added", "change", "changed", "status_code"}


def page_data(values: dict) -> dict:
    """A page's values as plain JSON: the agreement's id and the day, then what the page shows."""
    from charterwatch.terminal import to_jsonable

    out = {"agreement": values["agreement"].id, "as_of": values["as_of"].isoformat()}
    for key, value in values.items():
        if key in _PRESENTATION or key in out or callable(value):
            continue
        out[key] = _without_markup(to_jsonable(_without_markup(value)))
    return out


def _without_markup(value):
    """Drop drawn charts (SVG markup) from a page's data; keep everything else."""
    if isinstance(value, Markup):
        return None
    if isinstance(value, dict):
        return {k: _without_markup(v) for k, v in value.items() if not isinstance(v, Markup)}
    if isinstance(value, (list, tuple)):
        return [_without_markup(v) for v in value if not isinstance(v, Markup)]
    return value


def csv_response(rows, name: str) -> Response:
    """Rows (dicts, dataclasses or models) as CSV: the columns of the first row; lists and objects as JSON."""
    import csv
    import io

    from charterwatch.export.write import csv_cell
    from charterwatch.terminal import to_jsonable

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        columns = None
        for row in rows:
            plain = to_jsonable(row)
            if columns is None:
                columns = list(plain)
                writer.writerow(columns)
            writer.writerow([csv_cell(plain.get(c)) for c in columns])
            if buffer.tell() > 65536:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def error_page(status_code: int, message: str) -> HTMLResponse:
    """The dashboard's error page (the API answers JSON instead)."""
    return HTMLResponse(templates.get_template("error.html").render(status_code=status_code, message=message),
                        status_code=status_code)


def _kept(request: Request) -> dict[str, str]:
    """The query parameters every dashboard link carries on: which agreement, as of which day."""
    return {k: request.query_params[k] for k in ("agreement", "as_of") if request.query_params.get(k)}
