"""How every route answers: a dashboard page as HTML or its ``.json``/``.csv`` twin, API JSON, Atom,
and the one error format (JSON ``{"error": ...}`` for the API and twins, the error page otherwise).

Article text is untrusted: templates autoescape, and the only markup built in Python is the SVG in
:mod:`charterwatch.web.charts`, which escapes too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from importlib.resources import files  # noqa: F401  (the static folder is found by the app)
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from charterwatch.agreement.duration import duration_words, plural
from charterwatch.assess.codebook import GROUP_RULE, rule_of
from charterwatch.export.write import csv_cell
from charterwatch.plain import to_jsonable
from charterwatch.web import charts
from charterwatch.web.params import Scope, served

templates = Environment(loader=PackageLoader("charterwatch.web", "templates"), autoescape=select_autoescape(["html"]),
                        trim_blocks=True, lstrip_blocks=True)
templates.filters["label"] = lambda value: (value or "").replace("_", " ")
templates.globals["status_colours"] = charts.STATUS_COLOURS
templates.globals["due_colours"] = charts.DUE_COLOURS
templates.globals["plural"] = plural
templates.globals["group_rule"] = GROUP_RULE
templates.globals["duration_words"] = duration_words
templates.globals["rule_of"] = rule_of

#: Headers on every response: no script may run (the dashboard needs none), no framing, no sniffing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


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


def kept(request: Request) -> dict[str, str]:
    """The query parameters every dashboard link carries on: which agreement, as of which day."""
    return {k: request.query_params[k] for k in ("agreement", "as_of") if request.query_params.get(k)}


def page(router: APIRouter, path: str, *, listing: bool = False):
    """Register a dashboard page with its twins: ``PATH.json`` (the page's data) and, for lists,
    ``PATH.csv`` — registered first, so ``/provisions/x.json`` is not read as the id ``x.json``."""
    def register(function):
        root = path.rstrip("/") or "/index"
        router.get(root + ".json", include_in_schema=False)(function)
        if listing:
            router.get(root + ".csv", include_in_schema=False)(function)
        router.get(path, response_class=HTMLResponse, include_in_schema=False)(function)
        return function
    return register


def render(request: Request, name: str, where: Scope, *, status_code: int = 200, **values) -> Response:
    """A page as HTML, or its data as the ``.json`` twin or (lists) the ``.csv`` twin asks."""
    path = request.url.path
    values = {**_context(request, where), **values}
    if path.endswith(".json"):
        return JSONResponse(page_data(values), status_code=status_code)
    if path.endswith(".csv"):
        return csv_response(values[LIST_ROWS[name]], name.removesuffix(".html"))
    return HTMLResponse(templates.get_template(name).render(**values), status_code=status_code)


def _context(request: Request, where: Scope) -> dict:
    """What every page's template may use: links that keep ``agreement``/``as_of``, the agreement's
    provisions and bodies by id, the agreements to switch to, whether writing is on."""
    serving = served(request)
    keep = kept(request)
    agreement = where.agreement

    def url(path: str, **params) -> str:
        query = {**keep, **{k: v for k, v in params.items() if v not in (None, "", False)}}
        return path + ("?" + urlencode(query) if query else "")

    return {"request": request, "agreement": agreement, "as_of": where.day, "url": url,
            "provisions": {p.id: p for p in agreement.provisions}, "bodies": {b.id: b.name for b in agreement.bodies},
            "agreements": serving.workspace.agreements(), "writable": serving.token is not None}


#: The rows a list page's ``.csv`` twin writes: which of the page's values is its table.
LIST_ROWS = {"deadlines.html": "items", "groups.html": "groups", "documents.html": "items", "stories.html": "stories",
             "entities.html": "entities"}
#: Page values that are presentation, not data: left out of the ``.json`` twins.
_PRESENTATION = {"request", "url", "provisions", "bodies", "agreements", "writable", "share_bar", "chart", "kinds",
                 "labels", "choices", "languages", "form", "error", "added", "change", "changed", "status_code"}


def page_data(values: dict) -> dict:
    """A page's values as plain JSON: the agreement's id and the day, then what the page shows."""
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


def csv_response(rows: Iterable, name: str) -> Response:
    """Rows (dicts, dataclasses or models) as CSV, streamed: the columns of the first row; lists and
    objects as JSON."""
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


def as_json(value, status_code: int = 200) -> JSONResponse:
    """An API answer: library values (dataclasses, models, dates) as plain JSON."""
    return JSONResponse(to_jsonable(value), status_code=status_code)


def atom(xml: str) -> Response:
    return Response(xml, media_type="application/atom+xml; charset=utf-8")


def error_page(status_code: int, message: str, keep: dict[str, str] | None = None) -> HTMLResponse:
    """The dashboard's error page, with the navigation (its links keep ``agreement``/``as_of``)."""
    def url(path: str) -> str:
        return path + ("?" + urlencode(keep) if keep else "")

    return HTMLResponse(templates.get_template("error.html").render(status_code=status_code, message=message, url=url),
                        status_code=status_code)


def failure(request: Request, message: str, status_code: int) -> Response:
    """The one error format: JSON for the API, the twins and the feeds, an HTML page for the dashboard."""
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.endswith((".json", ".csv", ".atom")):
        return JSONResponse({"error": message}, status_code=status_code)
    return error_page(status_code, message, _still_good(request))


def _still_good(request: Request) -> dict[str, str]:
    """The ``agreement`` and ``as_of`` an error page's links may keep: only those that work (a link
    that carries on the value that failed would fail again)."""
    from charterwatch.days import parse_day

    keep = kept(request)
    try:
        parse_day(keep.get("as_of"), "as_of")
    except Exception:
        keep.pop("as_of", None)
    if "agreement" in keep:
        try:
            served(request).workspace.agreement_by_id(keep["agreement"])
        except Exception:
            keep.pop("agreement")
    return keep
