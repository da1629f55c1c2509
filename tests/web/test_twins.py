"""Every dashboard page has a .json twin with its data, every list a .csv twin (datasette's habit);
a test walks the app's own route list, so a new page without twins fails here."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from charterwatch.api import create_app
from charterwatch.web.routes import every_route
from charterwatch.workspace import Workspace
from tests.conftest import copy_store

DAY = dt.date(2026, 5, 11)
IDS = {"provision_id": "connectivity.tripp", "body_id": "wg-energy", "document_id": "1", "entity_id": "tripp"}
LISTS = {"/deadlines", "/groups", "/documents", "/stories", "/entities"}


@pytest.fixture(scope="module")
def app(sample_store, tmp_path_factory):
    with Workspace(copy_store(sample_store, tmp_path_factory.mktemp("twins"))) as workspace:
        yield create_app(workspace, token=None, today=lambda: DAY)


def pages(app) -> list[str]:
    """The dashboard's HTML pages, from the route list."""
    return [r.path for r in every_route() if isinstance(r, APIRoute) and "GET" in r.methods
            and not r.path.startswith(("/api", "/openapi", "/docs", "/redoc")) and r.path.split("/")[-1].count(".") == 0
            and not r.path.endswith(".atom")]


def filled(path: str) -> str:
    for name, value in IDS.items():
        path = path.replace("{" + name + "}", value)
    return path


def test_every_page_has_a_json_twin_and_every_list_a_csv_twin(app):
    client = TestClient(app)
    routes = {r.path for r in every_route() if isinstance(r, APIRoute)}
    found = pages(app)
    assert {"/", "/provisions/{provision_id}", "/documents", "/deadlines"} <= set(found)
    for path in found:
        root = path.rstrip("/") or "/index"
        assert root + ".json" in routes, f"{path} has no .json twin"
        page = client.get(filled(root) + ".json", params={"as_of": DAY.isoformat()})
        assert page.status_code == 200 and page.headers["content-type"].startswith("application/json"), path
        data = page.json()
        assert data["agreement"] == "az-us-charter-2026" and data["as_of"] == DAY.isoformat()
        assert "<svg" not in page.text                    # drawn charts are presentation, not data
        if path in LISTS:
            assert root + ".csv" in routes, f"{path} is a list without a .csv twin"
            table = client.get(filled(root) + ".csv")
            assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
            rows = list(csv.reader(io.StringIO(table.text)))
            assert len(rows) >= 2 and rows[0], path


def test_twins_hold_what_the_page_shows(app):
    client = TestClient(app)
    provision = client.get("/provisions/connectivity.tripp.json").json()
    assert provision["provision"]["id"] == "connectivity.tripp" and provision["evidence"]
    documents = list(csv.DictReader(io.StringIO(client.get("/documents.csv").text)))
    html_count = client.get("/documents.json").json()
    assert len(documents) == 35 and len(html_count["items"]) == 35      # the sample's accepted documents, all of them
    dates = [d["published"] for d in documents if d["published"]]
    assert dates == sorted(dates, reverse=True)
    az = list(csv.DictReader(io.StringIO(client.get("/documents.csv", params={"language": "az"}).text)))
    assert az and {d["language"] for d in az} == {"az"}
    missing = client.get("/provisions/no.such.json")
    assert missing.status_code == 404 and missing.json()["error"].startswith("provision 'no.such'")
