"""Serving the JSON API: `charterwatch serve`."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from charterwatch.cli.common import DbOption, app, console, open_workspace, settings_for


@app.command("serve")
def serve_command(host: Annotated[str, typer.Option("--host", help="Address to listen on")] = "127.0.0.1",
                  port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 8000,
                  db: DbOption = None) -> None:
    """Serve the dashboard (/) and the JSON API (/api/, OpenAPI at /openapi.json). Writing needs CHARTERWATCH_TOKEN.

    Example: CHARTERWATCH_TOKEN=secret charterwatch serve --port 8000
    """
    import uvicorn

    from charterwatch.api import create_app

    token = os.environ.get("CHARTERWATCH_TOKEN") or None
    workspace = open_workspace(settings_for(db))
    console.print(f"charterwatch dashboard on http://{host}:{port}/ and API on http://{host}:{port}/api/ "
                  f"(writing {'enabled' if token else 'disabled: no CHARTERWATCH_TOKEN'}); Ctrl+C stops")
    try:
        uvicorn.run(create_app(workspace, token=token), host=host, port=port, log_level="warning")
    finally:
        workspace.close()
