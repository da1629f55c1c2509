"""A secretariat corrects and withdraws records over HTTP: the API and the dashboard's form, with the
token, the history kept and the page it came from (agreement, day) kept after the redirect."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from charterwatch.api import create_app
from charterwatch.workspace import Workspace
from tests.conftest import copy_store

TOKEN = "changes-token"
DAY = dt.date(2026, 12, 1)


@pytest.fixture
def client(sample_store, tmp_path):
    with Workspace(copy_store(sample_store, tmp_path)) as workspace:
        yield TestClient(create_app(workspace, token=TOKEN, today=lambda: DAY), follow_redirects=False)


def add(client) -> int:
    made = client.post("/api/records", headers={"Authorization": f"Bearer {TOKEN}"},
                       json={"kind": "meeting", "date": "2026-03-03", "body_id": "wg-energy", "source": "minutes-1",
                             "text": "First meeting."})
    assert made.status_code == 201 and made.json()["provision_id"] == "mechanism.working_groups"
    return made.json()["id"]


def test_correct_and_withdraw_through_the_api(client):
    record_id = add(client)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post(f"/api/records/{record_id}/correct", json={"reason": "place", "text": "x"}).status_code == 401
    fixed = client.post(f"/api/records/{record_id}/correct", headers=auth,
                        json={"reason": "the place was missing", "text": "First meeting, in Baku."})
    assert fixed.status_code == 200 and fixed.json()["revision"] == 2 and fixed.json()["text"] == "First meeting, in Baku."
    gone = client.post(f"/api/records/{record_id}/withdraw", headers=auth, json={"reason": "a duplicate"})
    assert gone.status_code == 200 and gone.json()["withdrawn"] is True
    history = client.get(f"/api/records/{record_id}/history").json()
    assert [(h["action"], h["reason"]) for h in history] == [
        ("created", None), ("corrected", "the place was missing"), ("withdrawn", "a duplicate")]
    nothing = client.post(f"/api/records/{record_id}/correct", headers=auth, json={"reason": "r"})
    assert nothing.status_code == 400 and "give at least one field" in nothing.json()["error"]


def test_correct_and_withdraw_through_the_form_keep_the_page(client):
    record_id = add(client)
    page = "/groups/wg-energy/records/change?agreement=az-us-charter-2026&as_of=2026-11-30"
    wrong = client.post(page, data={"record_id": record_id, "action": "correct", "text": "New.", "reason": "r",
                                    "token": "nope"})
    assert wrong.status_code == 401 and ">New.</textarea>" in wrong.text     # what was typed is kept
    fixed = client.post(page, data={"record_id": record_id, "action": "correct", "date": "2026-03-04",
                                    "reason": "wrong day", "token": TOKEN, "by": "secretary"})
    assert fixed.status_code == 303
    assert fixed.headers["location"] == f"/groups/wg-energy?agreement=az-us-charter-2026&as_of=2026-11-30&changed={record_id}"
    shown = client.get(fixed.headers["location"]).text
    assert f"Record #{record_id} changed" in shown and "2026-03-04" in shown
    withdrawn = client.post(page, data={"record_id": record_id, "action": "withdraw", "reason": "duplicate",
                                        "token": TOKEN})
    assert withdrawn.status_code == 303
    history = client.get(f"/api/records/{record_id}/history").json()
    assert [(h["action"], h["changed_by"]) for h in history] == [
        ("created", "api"), ("corrected", "secretary"), ("withdrawn", "dashboard")]
    other = client.post(page.replace("wg-energy", "wg-security-defence"),
                        data={"record_id": record_id, "action": "withdraw", "reason": "r", "token": TOKEN})
    assert other.status_code == 400
    assert f"record &#39;{record_id}&#39;: not a record of wg-security-defence" in other.text
