"""The change feed: status changes and deadline states, newest first, as Atom."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from charterwatch.web.feeds import changes_feed
from charterwatch.web.params import Scope, Served, scope, served
from charterwatch.web.responses import atom

router = APIRouter()


@router.get("/changes.atom", include_in_schema=False)
def changes_atom(request: Request, where: Scope = Depends(scope), serving: Served = Depends(served)):
    return atom(changes_feed(where.agreement, serving.workspace.assessment(where.agreement, where.day),
                             base=str(request.base_url).rstrip("/"), as_of=where.day, pinned=where.pinned))
