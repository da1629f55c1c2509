"""Feeds of change as a reader's feed client sees them: /changes.atom and a provision's
evidence.atom over a real server, parsed by feedparser; a record added through the API shows up."""

from __future__ import annotations

import datetime as dt

import feedparser
import httpx

from charterwatch.api.app import create_app
from charterwatch.workspace import Workspace
from tests.conftest import copy_store, served

TOKEN = "feed-test-token"


def test_changes_feed_lists_a_status_change_made_by_a_record(sample_store, tmp_path):
    with Workspace(copy_store(sample_store, tmp_path)) as workspace:
        app = create_app(workspace, token=TOKEN, today=lambda: dt.date(2026, 12, 1))
        with served(app) as base:
            before = feedparser.parse(httpx.get(f"{base}/changes.atom").text)
            assert not before.bozo, before.bozo_exception
            assert before.feed.title.endswith("what changed") and before.entries
            dates = [e.updated for e in before.entries]
            assert dates == sorted(dates, reverse=True)            # newest first
            missed = [e for e in before.entries if e.title.startswith("Deadline missed")]
            assert missed and all("/deadlines" in e.link for e in missed)

            added = httpx.post(f"{base}/api/records", headers={"Authorization": f"Bearer {TOKEN}"},
                               json={"kind": "roadmap", "date": "2026-11-28", "body_id": "wg-energy",
                                     "source": "https://example.org/minutes", "text": "Roadmap adopted."})
            assert added.status_code == 201, added.text
            assert added.json()["provision_id"] == "mechanism.priority_projects_roadmaps"   # the library's default
            after = feedparser.parse(httpx.get(f"{base}/changes.atom").text)
            new = [e for e in after.entries if e.id not in {b.id for b in before.entries}]
            titles = [e.title for e in new]
            assert "mechanism.priority_projects_roadmaps (wg-energy): Stalled → Delivered" in titles, titles
            assert any(t.startswith("Deadline met late: mechanism.priority_projects_roadmaps (wg-energy)") for t in titles)
            change = next(e for e in new if e.title.endswith("Stalled → Delivered"))
            assert "/provisions/mechanism.priority_projects_roadmaps" in change.link
            assert f"Record #{added.json()['id']} of 2026-11-28: Roadmap adopted." in change.summary

            evidence = feedparser.parse(httpx.get(f"{base}/provisions/connectivity.tripp/evidence.atom").text)
            assert not evidence.bozo and evidence.entries
            assert all("/documents/" in e.link for e in evidence.entries)
            overview = httpx.get(f"{base}/").text
            assert 'type="application/atom+xml"' in overview and "/changes.atom" in overview
            assert httpx.get(f"{base}/provisions/nope/evidence.atom").status_code == 404


def test_a_future_dated_record_is_refused(sample_store, tmp_path):
    with Workspace(copy_store(sample_store, tmp_path)) as workspace:
        app = create_app(workspace, token=TOKEN, today=lambda: dt.date(2026, 12, 1))
        with served(app) as base:
            refused = httpx.post(f"{base}/api/records", headers={"Authorization": f"Bearer {TOKEN}"},
                                 json={"kind": "roadmap", "date": "2030-01-01", "body_id": "wg-energy",
                                       "source": "minutes", "text": "Roadmap adopted."})
    assert refused.status_code == 400
    assert refused.json()["error"].startswith("record: date 2030-01-01 is in the future")
