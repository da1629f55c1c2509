"""The JSON API's entry point: ``create_app(workspace, token=...)``.

The API, the dashboard and the feeds are one app over one route list (:mod:`charterwatch.web.routes`,
a router per resource); this name stays where the API has always been imported from.
"""

from charterwatch.web.app import create_app

__all__ = ["create_app"]
