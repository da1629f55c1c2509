"""Stories: originals reporting one event across outlets and languages."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from charterwatch.web.params import Scope, Served, parse_day, scope, served
from charterwatch.web.responses import as_json, page, render
from charterwatch.web.routes.documents import LANGUAGES

router = APIRouter()


@router.get("/api/stories", summary="Stories across outlets and languages")
def stories(serving: Served = Depends(served)):
    return as_json(serving.workspace.stories())


@page(router, "/stories", listing=True)
def stories_page(request: Request, q: str | None = None, language: str | None = None, date_from: str | None = None,
                 date_to: str | None = None, where: Scope = Depends(scope), serving: Served = Depends(served)):
    start, end = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    words = (q or "").casefold().split()
    shown = [s for s in serving.workspace.stories()
             if all(w in (s.title or "").casefold() for w in words)
             and (not language or language in (s.languages or []))
             and (start is None or (s.last_seen is not None and s.last_seen >= start))
             and (end is None or (s.first_seen is not None and s.first_seen <= end))]
    return render(request, "stories.html", where, stories=shown, languages=LANGUAGES,
                  filters={"q": q, "language": language, "date_from": date_from, "date_to": date_to})
