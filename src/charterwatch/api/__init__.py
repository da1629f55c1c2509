"""The JSON API (FastAPI). ``create_app(workspace, token=...)``; ``charterwatch serve`` runs it with uvicorn."""

from charterwatch.api.app import create_app

__all__ = ["create_app"]
