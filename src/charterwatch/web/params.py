"""The parameters every route shares, written once: which workspace and clock serve the request,
the agreement and ``as_of`` cut-off, ids, paging, the write token and the one-line error format.

Routes take these as FastAPI dependencies, so the API, the dashboard pages, their twins and the
feeds read ``?agreement=`` and ``?as_of=`` the same way and refuse bad values with the same line.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Header, Query, Request
from pydantic import ValidationError

from charterwatch.agreement.model import Agreement
from charterwatch.days import parse_day, plausible
from charterwatch.workspace import Workspace

MAX_ID = 2**31 - 1   # ids are 32-bit in every store


@dataclass(frozen=True)
class Served:
    """What the app serves: one workspace, the write token (None: writing is off), the clock for
    requests that give no ``as_of`` (tests pass a fixed day)."""

    workspace: Workspace
    token: str | None
    today: Callable[[], dt.date]


def served(request: Request) -> Served:
    return request.app.state.served


@dataclass(frozen=True)
class Scope:
    """The agreement a request is about and the day it is seen from; ``pinned`` when the day was asked
    for (a feed pinned to a day says so), not today's."""

    agreement: Agreement
    day: dt.date
    pinned: bool


def scope(agreement: str | None = Query(None, description="agreement id (default: the bundled Charter)"),
          as_of: str | None = Query(None, description="the day to see things from, YYYY-MM-DD (default: today)"),
          serving: Served = Depends(served)) -> Scope:
    """The ``agreement`` and ``as_of`` every surface shares."""
    return Scope(serving.workspace.agreement_by_id(agreement), day_asked(as_of, serving.today), bool(as_of))


def day_asked(value: dt.date | str | None, today: Callable[[], dt.date]) -> dt.date:
    """The ``as_of`` cut-off: the day asked for, checked, else today."""
    if value is None or value == "":
        return today()
    return parse_day(value, "as_of") if isinstance(value, str) else plausible(value, "as_of")


def one_page(fetch: Callable[[int], list], size: int) -> tuple[list, bool]:
    """The paging rule every list shares: ask for one row more than is shown; if it came, there is more."""
    rows = fetch(size + 1)
    return rows[:size], len(rows) > size


def token_matches(supplied: str | bytes | None, token: str) -> bool:
    """The one token check (form and API): UTF-8 bytes compared in constant time, so any text works
    (a header arrives as bytes: HTTP headers are read as latin-1, so pass them re-encoded)."""
    if not supplied:
        return False
    given = supplied if isinstance(supplied, bytes) else supplied.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(given, token.encode("utf-8", "surrogatepass"))


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; any other form gives None."""
    kind, _, value = (authorization or "").strip().partition(" ")
    if kind.lower() != "bearer":
        return None
    return value.strip() or None


class Unauthorized(Exception):
    """No token, or the wrong one (401)."""


class WritingDisabled(Exception):
    """The server was started without a token (403)."""


def refusal(token: str | None, supplied: str | bytes | None) -> WritingDisabled | Unauthorized | None:
    """Why a write with ``supplied`` is refused (None: it may go ahead); the API and the dashboard's
    forms both ask here, and word the answer for their readers."""
    if token is None:
        return WritingDisabled("writing is disabled: set CHARTERWATCH_TOKEN on the server")
    if not token_matches(supplied, token):
        return Unauthorized("a valid token is needed: Authorization: Bearer <CHARTERWATCH_TOKEN>")
    return None


def writer(authorization: str | None = Header(None), serving: Served = Depends(served)) -> None:
    """The API's write guard: ``Authorization: Bearer <token>``."""
    supplied = bearer(authorization)
    refused = refusal(serving.token, supplied.encode("latin-1", "replace") if supplied else None)
    if refused is not None:
        raise refused


def first_error(exc: ValidationError) -> str:
    """A pydantic error as one line: where, then what (the first problem only; fixing it shows the next)."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"] if part not in ("query", "body", "path"))
    return f"{where}: {first['msg']}" if where else first["msg"]


__all__ = ["MAX_ID", "Scope", "Served", "Unauthorized", "WritingDisabled", "bearer", "day_asked", "first_error",
           "one_page", "parse_day", "plausible", "refusal", "scope", "served", "token_matches", "writer"]
