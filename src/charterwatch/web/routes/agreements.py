"""Agreements: the bundled and stored agreements a request may name with ``?agreement=``."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from charterwatch.web.params import Served, served
from charterwatch.web.responses import as_json

router = APIRouter()


@router.get("/api/agreements", summary="Bundled and stored agreements")
def agreements(serving: Served = Depends(served)):
    return as_json(serving.workspace.agreements())
