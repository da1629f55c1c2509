"""The app: one FastAPI application serving the JSON API, the dashboard, the twins and the feeds
from the one route list in :mod:`charterwatch.web.routes`, over one ``Workspace``.

Reading needs nothing; writing (secretariat records, entity merges) needs the token set in
``CHARTERWATCH_TOKEN`` (``Authorization: Bearer …``, or the form's token field). Errors are one line
(:func:`charterwatch.web.responses.failure`) with the status code that fits: 400 bad input, 401/403
no or wrong token, 404 unknown id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from charterwatch.errors import CharterwatchError, NotFoundError
from charterwatch.web.params import Served, Unauthorized, WritingDisabled, first_error
from charterwatch.web.responses import SECURITY_HEADERS, failure
from charterwatch.web.routes import ROUTERS
from charterwatch.workspace import Workspace

#: Status codes of the library's and the guards' refusals.
_STATUS = ((NotFoundError, 404), (CharterwatchError, 400), (Unauthorized, 401), (WritingDisabled, 403))


def create_app(workspace: Workspace, *, token: str | None, today: Callable[[], dt.date] = dt.date.today) -> FastAPI:
    """The app over one workspace.

    :param token: the write token; None disables writing (403)
    :param today: the clock for requests without ``as_of`` (tests pass a fixed day)
    """
    app = FastAPI(title="charterwatch", version="0.1.0",
                  description="Is an agreement between governments being delivered? Provisions with their status and "
                              "evidence, documents, stories, deadlines, entities, working groups and their records.")
    app.state.served = Served(workspace, token, today)

    @app.middleware("http")
    async def _security_headers(request: Request, call_next):
        response = await call_next(request)
        if not request.url.path.startswith(("/docs", "/redoc")):     # FastAPI's own docs pages load scripts
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
        return response

    for kind, status_code in _STATUS:
        app.add_exception_handler(kind, _answer(status_code))

    @app.exception_handler(ValidationError)
    async def _invalid(request: Request, exc: ValidationError):
        return failure(request, first_error(exc), 400)

    @app.exception_handler(RequestValidationError)
    async def _request_invalid(request: Request, exc: RequestValidationError):
        return failure(request, first_error(exc), 400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        message = {404: f"{request.url.path}: no such page", 405: f"{request.method} {request.url.path}: method not allowed"}
        return failure(request, message.get(exc.status_code, str(exc.detail)), exc.status_code)

    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(files("charterwatch.web") / "static")), name="static")
    return app


def _answer(status_code: int):
    async def handler(request: Request, exc: Exception):
        return failure(request, getattr(exc, "message", None) or str(exc), status_code)
    return handler
