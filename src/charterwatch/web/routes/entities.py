"""Entities: the people, bodies and projects the news names, with their spellings; merging two."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from charterwatch.web.params import Scope, Served, scope, served, writer
from charterwatch.web.responses import as_json, page, render

router = APIRouter()


class MergeIn(BaseModel):
    keep: str
    absorb: str
    by: str | None = None


@router.get("/api/entities", summary="Entities")
def entities(serving: Served = Depends(served)):
    return as_json(serving.workspace.entities())


@router.get("/api/entities/{entity_id}", summary="One entity with its variants")
def entity(entity_id: str, serving: Served = Depends(served)):
    return as_json(serving.workspace.entity(entity_id))


@router.post("/api/entities/merge", summary="Merge two entities (token required)", dependencies=[Depends(writer)])
def merge(body: MergeIn, serving: Served = Depends(served)):
    return as_json(serving.workspace.merge_entities(body.keep, body.absorb, by=body.by or "api"))


@page(router, "/entities", listing=True)
def entities_page(request: Request, where: Scope = Depends(scope), serving: Served = Depends(served)):
    return render(request, "entities.html", where, entities=serving.workspace.entities())


@page(router, "/entities/{entity_id}")
def entity_page(request: Request, entity_id: str, where: Scope = Depends(scope), serving: Served = Depends(served)):
    found = serving.workspace.entity(entity_id)
    spellings: dict[int, list[str]] = {}
    for variant in found["variants"]:
        for source in variant["sources"]:
            if isinstance(source, int):
                spellings.setdefault(source, []).append(variant["text"])
    return render(request, "entity.html", where, entity=found, spellings=spellings,
                  documents=serving.workspace.documents_by_id(sorted(spellings)))
