"""The JSON API in-process (TestClient) and over a real uvicorn server on loopback."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from fastapi.testclient import TestClient

from charterwatch.api import create_app
from tests.conftest import served

DAY = dt.date(2026, 5, 11)


@pytest.fixture(scope="module")
def workspace(sample_workspace):
    return sample_workspace


@pytest.fixture(scope="module")
def client(workspace):
    return TestClient(create_app(workspace, token="s3cret", today=lambda: DAY))


def test_reading_routes(client):
    assert [a["id"] for a in client.get("/api/agreements").json()] == ["az-us-charter-2026", "az-us-mou-2025"]
    provisions = client.get("/api/provisions", params={"section": "implementation"}).json()
    assert provisions["as_of"] == "2026-05-11"
    groups = {p["body_id"]: p["status"] for p in provisions["provisions"] if p["body_id"]}
    assert set(groups.values()) == {"stalled"} and len(groups) == 4
    tripp = client.get("/api/provisions/connectivity.tripp").json()
    assert tripp["evidence"] and all(e["provision_id"] == "connectivity.tripp" for e in tripp["evidence"])
    mou = client.get("/api/provisions/mou.draft_charter", params={"agreement": "az-us-mou-2025"}).json()
    assert mou["statuses"][0]["status"] == "delivered"
    deadlines = client.get("/api/deadlines").json()
    assert {d["state"] for d in deadlines["deadlines"] if d["body_id"]} == {"missed"}
    assert deadlines["searched"]["documents"] > 0
    assert client.get("/api/stories").json()
    assert any(e["id"] == "jd-vance" for e in client.get("/api/entities").json())
    assert client.get("/api/entities/jd-vance").json()["variants"]
    assert len(client.get("/api/groups").json()) == 4


def test_documents_filters_and_cursor(client):
    az = client.get("/api/documents", params={"language": "az"}).json()["items"]
    assert az and {d["language"] for d in az} == {"az"}
    seen, cursor = [], 0
    while cursor is not None:
        page = client.get("/api/documents", params={"limit": 7, "cursor": cursor}).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 35 and seen == sorted(seen)
    originals = client.get("/api/documents", params={"originals": True, "limit": 500}).json()["items"]
    assert len(originals) == 19 and all(d["copy_of"] is None for d in originals)
    feb = client.get("/api/documents", params={"date_from": "2026-02-10", "date_to": "2026-02-10", "limit": 500}).json()["items"]
    assert feb and {d["published"] for d in feb} == {"2026-02-10"}
    demining = client.get("/api/documents", params={"provision": "security.demining"}).json()["items"]
    assert demining


@pytest.mark.parametrize("path, status, message", [
    ("/api/provisions/nope.nope", 404, "provision 'nope.nope': not in agreement 'az-us-charter-2026'"),
    ("/api/documents/99999", 404, "document 99999: no such document"),
    ("/api/documents?limit=0", 400, "limit:"),
    ("/api/provisions?as_of=yesterday", 400, "as_of 'yesterday': not a date (expected YYYY-MM-DD)"),
    ("/api/documents?date_from=soon", 400, "date_from 'soon': not a date (expected YYYY-MM-DD)"),
    ("/api/provisions?agreement=nope", 404, "--agreement 'nope': no such file or agreement id"),
    ("/api/entities/nobody", 404, "entity 'nobody': no such entity"),
])
def test_errors_are_json(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert response.json()["error"].startswith(message)


def test_writing_needs_the_token(client, workspace):
    record = {"kind": "roadmap", "date": "2026-05-02", "provision_id": "mechanism.priority_projects_roadmaps",
              "body_id": "wg-energy", "source": "minutes", "text": "Roadmap adopted.", "by": "secretariat"}
    assert client.post("/api/records", json=record).status_code == 401
    assert client.post("/api/records", json=record, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert workspace.records(workspace.agreement()) == []
    bad = client.post("/api/records", json={**record, "body_id": "wg-space"}, headers={"Authorization": "Bearer s3cret"})
    assert bad.status_code == 400 and "wg-space" in bad.json()["error"]
    made = client.post("/api/records", json=record, headers={"Authorization": "Bearer s3cret"})
    assert made.status_code == 201 and made.json()["created_by"] == "secretariat"
    groups = {p["body_id"]: p["status"] for p in client.get("/api/provisions").json()["provisions"] if p["body_id"]}
    assert groups["wg-energy"] == "delivered"
    read_only = TestClient(create_app(workspace, token=None))
    assert read_only.post("/api/records", json=record).status_code == 403


def test_export_streams_everything(client):
    lines = [json.loads(line) for line in client.get("/api/export").text.splitlines()]
    kinds = {line["table"] for line in lines}
    assert kinds - {"records"} == {"documents", "copies", "evidence", "stories", "entities", "provisions", "deadlines"}
    documents = [line for line in lines if line["table"] == "documents"]
    assert len(documents) == 39      # every input, the 4 rejected ones with their reason
    assert sum(1 for d in documents if d["status"] == "rejected" and d["rejected_reason"] == d["reject_reason"]) == 4


def test_openapi_document_lists_every_route(client):
    spec = client.get("/openapi.json").json()
    for route in ("/api/agreements", "/api/provisions", "/api/provisions/{provision_id}", "/api/documents", "/api/stories",
                  "/api/deadlines", "/api/entities", "/api/groups", "/api/records", "/api/export"):
        assert route in spec["paths"], route


def test_a_real_server_on_loopback(workspace):
    with served(create_app(workspace, token=None, today=lambda: DAY)) as base:
        response = httpx.get(f"{base}/api/provisions/security.demining", timeout=10)
        assert response.status_code == 200 and response.json()["evidence"]
        assert httpx.get(f"{base}/api/nothing", timeout=10).status_code == 404
        page = httpx.get(f"{base}/provisions/security.demining", timeout=10)
        assert page.status_code == 200 and "<blockquote" in page.text
