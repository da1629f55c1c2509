"""Every GET route, fuzzed: random agreement values, days, ids and filters never give a 5xx."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charterwatch.api import create_app
from charterwatch.web.routes import every_route

texts = st.one_of(st.text(max_size=300), st.sampled_from(["", "az-us-charter-2026", "az-us-mou-2025", "/etc/passwd",
                                                          "2026-02-30", "9999-12-31", "0001-01-01", "-1", "0",
                                                          "99999999999999999999", "%00", "..", "connectivity.tripp"]))
PARAMS = ("agreement", "as_of", "q", "language", "date_from", "date_to", "outlet", "provision", "cursor", "section",
          "body", "originals", "since", "added")


@pytest.fixture(scope="module")
def client(sample_workspace):
    import datetime as dt

    return TestClient(create_app(sample_workspace, token="s3cret", today=lambda: dt.date(2026, 5, 11)),
                      raise_server_exceptions=False)


def _get_routes(app) -> list[str]:
    """Every GET route of the route list (the app serves exactly these, plus FastAPI's own docs)."""
    paths = sorted({r.path for r in every_route() if "GET" in r.methods})
    assert len(paths) >= 30 and "/api/provisions/{provision_id}" in paths and "/changes.atom" in paths
    return paths


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_get_route_answers_5xx(client, data):
    routes = _get_routes(client.app)
    path = data.draw(st.sampled_from(routes))
    filled = re.sub(r"\{[^}]+\}", lambda _: quote(data.draw(texts), safe="") or "x", path)
    params = {name: data.draw(texts) for name in data.draw(st.lists(st.sampled_from(PARAMS), max_size=4, unique=True))}
    response = client.get(filled, params=params)
    assert response.status_code < 500, (filled, params, response.status_code, response.text[:300])
