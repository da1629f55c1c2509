"""Everything at once: the export the ``export`` command writes, streamed over HTTP."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from charterwatch.errors import CharterwatchError
from charterwatch.export import FORMATS, choose_tables, jsonl_lines
from charterwatch.export import export as write_export
from charterwatch.web.params import Scope, Served, scope, served

#: JSON lines are sent this many at a time: far fewer sends than one per line.
LINES_PER_SEND = 500

router = APIRouter()


@router.get("/api/export", summary="Everything, streamed: JSON lines (default), one JSON document, or a zip of CSV "
                                   "files with datapackage.json (no row cap)")
def export(format: str = "jsonl", only: str | None = None,  # noqa: A002
           where: Scope = Depends(scope), serving: Served = Depends(served)):
    # everything is checked before the first byte: once streaming, an error can't change the status
    workspace, a, when = serving.workspace, where.agreement, where.day
    if format not in FORMATS:
        raise CharterwatchError(f"format {format!r}: expected one of {', '.join(FORMATS)}")
    tables = choose_tables(only)
    if format == "jsonl":
        def lines() -> Iterator[bytes]:
            chunk: list[str] = []
            for line in jsonl_lines(workspace, a, tables, when):
                chunk.append(line)
                if len(chunk) >= LINES_PER_SEND:
                    yield "".join(chunk).encode()
                    chunk = []
            yield "".join(chunk).encode()

        return StreamingResponse(lines(), media_type="application/x-ndjson")
    # JSON and CSV are written to a temporary file first (bounded memory), then streamed from it
    folder = tempfile.mkdtemp(prefix="charterwatch-export-")
    target = Path(folder) / (f"{a.id}.zip" if format == "csv" else f"{a.id}.json")
    try:
        write_export(format, workspace, a, tables, when, out=target, stdout=sys.stdout)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    media = "application/zip" if format == "csv" else "application/json"
    return FileResponse(target, media_type=media, filename=target.name,
                        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True))
