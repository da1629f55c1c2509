"""The web dashboard: Jinja2 pages served by the same FastAPI app as the JSON API."""

from charterwatch.web.pages import add_dashboard, error_page

__all__ = ["add_dashboard", "error_page"]
