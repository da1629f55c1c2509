"""The JSON API: FastAPI over the same ``Workspace`` the CLI uses.

Reading needs nothing; writing (secretariat records, entity merges) needs the token set in
``CHARTERWATCH_TOKEN`` (``Authorization: Bearer …``). Errors are JSON ``{"error": "..."}`` with
the status code that fits: 400 bad input, 401/403 no or wrong token, 404 unknown id.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path as FilePath

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from pydantic import BaseModel, ValidationError
from starlette.background import BackgroundTask

from charterwatch.assess.codebook import headline
from charterwatch.errors import CharterwatchError, NotFoundError
from charterwatch.records.model import NewRecord, default_provision
from charterwatch.terminal import to_jsonable
from charterwatch.web import add_dashboard, error_page
from charterwatch.web.pages import MAX_ID, SECURITY_HEADERS, bearer, day_asked, one_page, token_matches
from charterwatch.workspace import Workspace

#: Documents per page unless ``limit`` says otherwise, and the most one page may hold.
PAGE_SIZE, MAX_PAGE_SIZE = 50, 500


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


class MergeIn(BaseModel):
    keep: str
    absorb: str
    by: str | None = None


def create_app(workspace: Workspace, *, token: str | None, today=dt.date.today) -> FastAPI:
    """The API over one workspace.

    :param token: the write token; None disables writing (403)
    :param today: the clock for requests without ``as_of`` (tests pass a fixed day)
    """
    app = FastAPI(title="charterwatch", version="0.1.0",
                  description="Is an agreement between governments being delivered? Provisions with their status and "
                              "evidence, documents, stories, deadlines, entities, working groups and their records.")

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):     # FastAPI's own docs pages load scripts
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    def failure(request: Request, message: str, status_code: int):
        """JSON for the API, an HTML page for the dashboard."""
        path = request.url.path
        if path.startswith("/api/") or path == "/api" or path.endswith((".json", ".csv")):
            return JSONResponse({"error": message}, status_code=status_code)
        return error_page(status_code, message)

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError):
        return failure(request, exc.message, 404)

    @app.exception_handler(CharterwatchError)
    async def _bad_input(request: Request, exc: CharterwatchError):
        return failure(request, exc.message, 400)

    @app.exception_handler(ValidationError)
    async def _invalid(request: Request, exc: ValidationError):
        first = exc.errors()[0]
        return failure(request, f"{'.'.join(map(str, first['loc']))}: {first['msg']}", 400)

    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"] if p not in ("query", "body", "path"))
        return failure(request, f"{where}: {first['msg']}", 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = {404: f"{request.url.path}: no such page", 405: f"{request.method} {request.url.path}: method not allowed"}
        return failure(request, message.get(exc.status_code, str(exc.detail)), exc.status_code)

    def day(as_of: dt.date | None) -> dt.date:
        return day_asked(as_of, today)

    def writer(authorization: str | None = Header(None)) -> None:
        if token is None:
            raise _Forbidden("writing is disabled: set CHARTERWATCH_TOKEN on the server")
        supplied = bearer(authorization)
        if not token_matches(supplied.encode("latin-1", "replace") if supplied else None, token):
            raise _Unauthorized("a valid token is needed: Authorization: Bearer <CHARTERWATCH_TOKEN>")

    @app.exception_handler(_Unauthorized)
    async def _unauthorized(request: Request, exc: _Unauthorized):
        return failure(request, str(exc), 401)

    @app.exception_handler(_Forbidden)
    async def _forbidden(request: Request, exc: _Forbidden):
        return failure(request, str(exc), 403)

    def respond(value) -> JSONResponse:
        return JSONResponse(to_jsonable(value))

    @app.get("/api/agreements", summary="Bundled and stored agreements")
    def agreements():
        return respond(workspace.agreements())

    @app.get("/api/provisions", summary="Every provision with its status as known on a day")
    def provisions(agreement: str | None = None, as_of: dt.date | None = None, section: str | None = None):
        a = workspace.agreement_by_id(agreement)
        sections = {p.id: s.id for s in a.sections for p in s.provisions}
        if section is not None and section not in set(sections.values()):
            raise CharterwatchError(f"section {section!r}: not a section of {a.id!r}")
        rows = [p for p in workspace.export_provisions(a, day(as_of)) if section in (None, sections[p["id"]])]
        shown = {r["id"] for r in rows}
        top = headline(a, workspace.assessment(a, day(as_of)), provision_ids=shown if section else None)
        return respond({"agreement": a.id, "as_of": day(as_of), "headline": top.to_dict(), "provisions": rows})

    @app.get("/api/provisions/{provision_id}", summary="One provision: status history per body, and its evidence")
    def provision(provision_id: str, agreement: str | None = None, as_of: dt.date | None = None):
        a = workspace.agreement_by_id(agreement)
        found = workspace.provision(a, provision_id)
        statuses = [p for p in workspace.export_provisions(a, day(as_of)) if p["id"] == provision_id]
        evidence = [e for e in workspace.evidence(a, provision_id) if e["published"] is None or e["published"] <= day(as_of)]
        return respond({"id": provision_id, "summary": found.summary, "kind": found.kind, "statuses": statuses,
                        "evidence": evidence})

    @app.get("/api/documents", summary="Documents, filtered, with cursor pagination")
    def documents(language: str | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
                  provision: str | None = None, outlet: str | None = None, originals: bool = False,
                  agreement: str | None = None, cursor: int = Query(0, ge=0, le=MAX_ID),
                  limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)):
        items, more = one_page(lambda n: workspace.page_documents(
            agreement=workspace.agreement_by_id(agreement) if provision else None, provision=provision,
            language=language, date_from=date_from, date_to=date_to, outlet=outlet, originals_only=originals,
            after_id=cursor, limit=n), limit)
        return respond({"items": items, "next_cursor": items[-1]["id"] if more else None})

    @app.get("/api/documents/{document_id}", summary="One document with its paragraphs")
    def document(document_id: int = Path(ge=1, le=MAX_ID)):
        return respond(workspace.document(document_id))

    @app.get("/api/stories", summary="Stories across outlets and languages")
    def stories():
        return respond(workspace.stories())

    @app.get("/api/deadlines", summary="Due items and their state on a day")
    def deadlines(agreement: str | None = None, as_of: dt.date | None = None):
        a = workspace.agreement_by_id(agreement)
        return respond({"agreement": a.id, "as_of": day(as_of), "deadlines": workspace.assessment(a, day(as_of)).deadlines,
                        "searched": workspace.coverage(day(as_of))})

    @app.get("/api/entities", summary="Entities")
    def entities():
        return respond(workspace.entities())

    @app.get("/api/entities/{entity_id}", summary="One entity with its variants")
    def entity(entity_id: str):
        return respond(workspace.entity(entity_id))

    @app.post("/api/entities/merge", summary="Merge two entities (token required)", dependencies=[Depends(writer)])
    def merge(body: MergeIn):
        return respond(workspace.merge_entities(body.keep, body.absorb, by=body.by or "api"))

    @app.get("/api/groups", summary="Working groups: meetings, projects, roadmap, status")
    def groups(agreement: str | None = None, as_of: dt.date | None = None):
        a = workspace.agreement_by_id(agreement)
        return respond(workspace.groups(a, day(as_of)))

    @app.get("/api/records", summary="The secretariats' records")
    def records(agreement: str | None = None, body: str | None = None):
        a = workspace.agreement_by_id(agreement)
        return respond(workspace.records(a, body_id=body))

    @app.post("/api/records", summary="Add a secretariat record (token required)", status_code=201,
              dependencies=[Depends(writer)])
    def add_record(body: RecordIn, agreement: str | None = None):
        a = workspace.agreement_by_id(agreement)
        fields = body.model_dump(exclude={"by"})
        fields["provision_id"] = fields["provision_id"] or default_provision(a, body.kind, body.body_id)
        if fields["provision_id"] is None:
            raise CharterwatchError(f"record {body.kind}: say which provision it is for (provision_id)")
        record = NewRecord(**fields)
        return JSONResponse(to_jsonable(workspace.add_record(a, record, by=body.by or "api")), status_code=201)

    @app.post("/api/records/{record_id}/correct", summary="Correct a record; the earlier revision stays (token required)",
              dependencies=[Depends(writer)])
    def correct_record(body: CorrectionIn, record_id: int = Path(ge=1, le=MAX_ID), agreement: str | None = None):
        a = workspace.agreement_by_id(agreement)
        changes = {k: v for k, v in body.model_dump(exclude={"reason", "by"}).items() if v is not None}
        if not changes:
            raise CharterwatchError(f"record {record_id}: give at least one field to correct")
        return respond(workspace.correct_record(a, record_id, changes, by=body.by or "api", reason=body.reason))

    @app.post("/api/records/{record_id}/withdraw", summary="Withdraw a record; it stays readable (token required)",
              dependencies=[Depends(writer)])
    def withdraw_record(body: WithdrawalIn, record_id: int = Path(ge=1, le=MAX_ID)):
        return respond(workspace.withdraw_record(record_id, by=body.by or "api", reason=body.reason))

    @app.get("/api/records/{record_id}/history", summary="Every revision of a record")
    def record_history(record_id: int = Path(ge=1, le=MAX_ID)):
        return respond(workspace.record_history(record_id))

    @app.get("/api/export", summary="Everything, streamed: JSON lines (default), one JSON document, or a zip of CSV "
                                     "files with datapackage.json (no row cap)")
    def export(agreement: str | None = None, as_of: dt.date | None = None, format: str = "jsonl",  # noqa: A002
               only: str | None = None):
        from charterwatch.export import FORMATS, choose_tables, jsonl_lines
        from charterwatch.export import export as write_export

        a = workspace.agreement_by_id(agreement)
        when = day(as_of)   # checked before the first byte: once streaming, an error can't change the status
        if format not in FORMATS:
            raise CharterwatchError(f"format {format!r}: expected one of {', '.join(FORMATS)}")
        tables = choose_tables(only)
        if format == "jsonl":
            def lines() -> Iterator[bytes]:
                chunk: list[str] = []
                for line in jsonl_lines(workspace, a, tables, when):
                    chunk.append(line)
                    if len(chunk) >= 500:     # one send per chunk: far fewer than one per line
                        yield "".join(chunk).encode()
                        chunk = []
                yield "".join(chunk).encode()

            return StreamingResponse(lines(), media_type="application/x-ndjson")
        # JSON and CSV are written to a temporary file first (bounded memory), then streamed from it
        folder = tempfile.mkdtemp(prefix="charterwatch-export-")
        target = FilePath(folder) / (f"{a.id}.zip" if format == "csv" else f"{a.id}.json")
        try:
            write_export(format, workspace, a, tables, when, out=target, stdout=sys.stdout)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        media = "application/zip" if format == "csv" else "application/json"
        return FileResponse(target, media_type=media, filename=target.name,
                            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))

    add_dashboard(app, workspace, token=token, today=today)
    return app


def _iso(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class _Unauthorized(Exception):
    pass


class _Forbidden(Exception):
    pass
