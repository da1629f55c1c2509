"""The HTTP surfaces: the JSON API, the dashboard's Jinja2 pages with their ``.json``/``.csv`` twins,
and the Atom feeds — one FastAPI app (:mod:`charterwatch.web.app`) over one route list."""
