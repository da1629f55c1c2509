"""Documents: the API's cursor-paged list and one document; the dashboard's sortable, faceted list
(with its CSV of every match, streamed) and the document page with its linked paragraphs."""

from __future__ import annotations

from typing import get_args

from fastapi import APIRouter, Depends, Path, Query, Request

from charterwatch.agreement.model import Language
from charterwatch.errors import CharterwatchError
from charterwatch.rows import Evidence
from charterwatch.store.documents import DOCUMENT_SORTS
from charterwatch.web.params import MAX_ID, Scope, Served, one_page, parse_day, scope, served
from charterwatch.web.responses import as_json, csv_response, page, render

#: Documents per API page unless ``limit`` says otherwise, and the most one page may hold.
PAGE_SIZE, MAX_PAGE_SIZE = 50, 500
#: Documents per dashboard page, and per batch when the CSV twin streams every match.
DOCUMENTS_PER_PAGE, CSV_BATCH = 50, 1000
LANGUAGES = get_args(Language)

router = APIRouter()


@router.get("/api/documents", summary="Documents, filtered, with cursor pagination")
def documents(language: str | None = None, date_from: str | None = None, date_to: str | None = None,
              provision: str | None = None, outlet: str | None = None, originals: bool = False,
              cursor: int = Query(0, ge=0, le=MAX_ID), limit: int = Query(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
              where: Scope = Depends(scope), serving: Served = Depends(served)):
    items, more = one_page(lambda n: serving.workspace.page_documents(
        agreement=where.agreement if provision else None, provision=provision, language=language,
        date_from=parse_day(date_from, "date_from"), date_to=parse_day(date_to, "date_to"), outlet=outlet,
        originals_only=originals, after_id=cursor, limit=n), limit)
    return as_json({"items": items, "next_cursor": items[-1]["id"] if more else None})


@router.get("/api/documents/{document_id}", summary="One document with its paragraphs")
def document(document_id: int = Path(ge=1, le=MAX_ID), serving: Served = Depends(served)):
    return as_json(serving.workspace.document(document_id))


@page(router, "/documents", listing=True)
def documents_page(request: Request, q: str | None = None, language: str | None = None,
                   date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
                   originals: bool = False, provision: str | None = None, sort: str = "newest",
                   page: int = Query(1, ge=1, le=MAX_ID // DOCUMENTS_PER_PAGE), where: Scope = Depends(scope),
                   serving: Served = Depends(served)):
    workspace = serving.workspace
    if sort not in DOCUMENT_SORTS:
        raise CharterwatchError(f"sort {sort!r}: expected one of {', '.join(DOCUMENT_SORTS)}")
    selected = dict(agreement=where.agreement, provision=provision or None, language=language or None,
                    date_from=parse_day(date_from, "date_from"), date_to=parse_day(date_to, "date_to"),
                    outlet=outlet or None, originals_only=originals, text=q)
    if request.url.path.endswith(".csv"):       # every matching document, streamed a batch at a time
        def every():
            offset = 0
            while batch := workspace.page_documents(sort=sort, offset=offset, limit=CSV_BATCH, **selected):
                yield from batch
                offset += len(batch)
        return csv_response(every(), "documents")
    items, more = one_page(lambda n: workspace.page_documents(
        sort=sort, offset=(page - 1) * DOCUMENTS_PER_PAGE, limit=n, **selected), DOCUMENTS_PER_PAGE)
    filters = {"q": q, "language": language, "date_from": date_from, "date_to": date_to, "outlet": outlet,
               "originals": originals, "provision": provision}
    return render(request, "documents.html", where, items=items, filters=filters, sort=sort, page=page, more=more,
                  facets=workspace.document_facets(**selected), languages=LANGUAGES)


@page(router, "/documents/{document_id}")
def document_page(request: Request, document_id: int = Path(ge=1, le=MAX_ID), where: Scope = Depends(scope),
                  serving: Served = Depends(served)):
    workspace = serving.workspace
    found = workspace.document(document_id)
    by_paragraph: dict[int, list[Evidence]] = {}
    for e in workspace.evidence(where.agreement):
        if e.document_id == document_id:
            by_paragraph.setdefault(e.paragraph_index, []).append(e)
    return render(request, "document.html", where, document=found, by_paragraph=by_paragraph,
                  copies=workspace.copies_of(document_id))
