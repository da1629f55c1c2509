"""The understanding commands as a user runs them, after the main job on a fresh store."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.test_cli import assert_one_line_error


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('u') / 'cw.db'}"
    run_cli("run", "--as-of", "2026-05-11", db=url, check=True)
    return url


def test_evidence_command(db):
    text = run_cli("evidence", "security.demining", db=db, check=True).stdout
    assert "humanitarian demining" in text and "agreed" in text
    rows = json.loads(run_cli("evidence", "connectivity.tripp", "--json", db=db, check=True).stdout)
    assert rows and all(r["provision_id"] == "connectivity.tripp" and r["quote"] for r in rows)
    assert_one_line_error(run_cli("evidence", "connectivity.teleport", db=db), "provision 'connectivity.teleport': not in agreement")


def test_export_has_every_part(db, tmp_path):
    out = tmp_path / "export.json"
    run_cli("export", "--out", str(out), db=db, check=True)
    data = json.loads(out.read_text())
    assert set(data) == {"agreement", "as_of", "documents", "copies", "evidence", "stories", "entities", "provisions",
                         "deadlines", "records"}
    assert set(data["provisions"][0]) >= {"id", "status", "ordinal", "since", "evidence_count", "sources", "due", "due_state", "history"}
    assert {"story_id", "on_topic", "copy_of"} <= set(data["documents"][0])
    assert set(data["evidence"][0]) >= {"document_id", "paragraph_index", "provision_id", "event_type", "score", "quote", "entities"}
    assert set(data["stories"][0]) == {"id", "title", "document_ids", "first_seen", "last_seen", "languages", "sources",
                                      "on_topic"}


def test_entities_merge_and_split_are_kept(db):
    run_cli("entities", "split", "nakhchivan", "Нахичевань", "--new-id", "nakhchivan-old-spelling", db=db, check=True)
    shown = json.loads(run_cli("entities", "show", "nakhchivan-old-spelling", "--json", db=db, check=True).stdout)
    assert [v["text"] for v in shown["variants"]] == ["Нахичевань"]
    run_cli("entities", "merge", "nakhchivan", "nakhchivan-old-spelling", "--by", "analyst", db=db, check=True)
    listed = {e["id"]: e for e in json.loads(run_cli("entities", "list", "--json", db=db, check=True).stdout)}
    assert listed["nakhchivan-old-spelling"]["status"] == "merged"
    assert listed["nakhchivan-old-spelling"]["merged_into"] == "nakhchivan"
    # Running the main job again does not undo the analyst's work.
    run_cli("run", "--as-of", "2026-05-11", db=db, check=True)
    listed = {e["id"]: e for e in json.loads(run_cli("entities", "list", "--json", db=db, check=True).stdout)}
    assert listed["nakhchivan-old-spelling"]["status"] == "merged"
    assert_one_line_error(run_cli("entities", "merge", "nakhchivan", "nakhchivan", db=db), "entities merge: 'nakhchivan' cannot be merged into itself")
    assert_one_line_error(run_cli("entities", "show", "nobody", db=db), "entity 'nobody': no such entity")


def test_stories_command(db):
    stories = json.loads(run_cli("stories", "--json", db=db, check=True).stdout)
    assert any(len(s["languages"]) == 4 for s in stories)  # the signing, reported in all four languages


def test_status_explain_and_assess(db):
    early = json.loads(run_cli("status", "--as-of", "2026-02-11", "--section", "implementation", "--json", db=db, check=True).stdout)
    whole = {p["id"]: p["status"] for p in early["provisions"] if p["body_id"] is None}
    assert whole["mechanism.priority_projects_roadmaps"] == whole["mechanism.annual_meeting"] == "announced"
    late = json.loads(run_cli("status", "--as-of", "2026-05-11", "--json", db=db, check=True).stdout)
    groups = {p["body_id"]: (p["status"], p["due_state"]) for p in late["provisions"] if p["body_id"]}
    assert set(groups.values()) == {("stalled", "missed")} and len(groups) == 4
    text = run_cli("explain", "mechanism.priority_projects_roadmaps", "--as-of", "2026-05-11", db=db, check=True).stdout
    assert "the deadline of 2026-05-10 passed without delivery" in text and "no record or report found" in text
    assert "searched" in text and "dated original documents" in text
    mou = run_cli("explain", "mou.draft_charter", "--agreement", "az-us-mou-2025", "--as-of", "2026-05-11", db=db, check=True).stdout
    assert "2026-02-10 Delivered: delivery dated in the agreement file." in mou
    assert "status changes stored" in run_cli("assess", "--as-of", "2026-05-11", db=db, check=True).stdout
    assert_one_line_error(run_cli("explain", "nope.nope", db=db), "provision 'nope.nope': not in agreement")
    assert_one_line_error(run_cli("status", "--section", "space", db=db), "--section 'space': not a section of")


PRESS_STATEMENTS = {
    "url": "https://news.example/aliyev-vance-press", "title": "Aliyev and Vance speak after talks in Baku",
    "published": "2026-02-10",
    "text": "President Ilham Aliyev and US Vice President JD Vance spoke to the press in Baku on Tuesday after their "
            "talks and the signing ceremony.\n\n"
            "\"The document we signed today covers the Middle Corridor and the transit of goods across the Caspian, "
            "energy security and artificial intelligence,\" Aliyev said.\n\n"
            "\"We will continue our cooperation on counter-terrorism,\" he added."}


def test_the_signatories_statements_on_the_day_report_what_was_agreed(tmp_path):
    """A signing-day report that never names the Charter but has both signatories speak of "the
    document we signed": its clauses are what was agreed, not plans, and the report is on topic."""
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    feed = tmp_path / "mine.jsonl"
    feed.write_text(json.dumps(PRESS_STATEMENTS) + "\n", encoding="utf-8")
    run_cli("ingest", str(feed), db=db, check=True)
    rows = json.loads(run_cli("evidence", "security.counterterrorism", "--json", db=db, check=True).stdout)
    assert [(r["url"], r["event_type"]) for r in rows] == [(PRESS_STATEMENTS["url"], "agreed")]
    assert "counter-terrorism" in rows[0]["quote"] and rows[0]["cue"].startswith("signed text")
    out = tmp_path / "export.json"
    run_cli("export", "--out", str(out), db=db, check=True)
    assert [d["on_topic"] for d in json.loads(out.read_text())["documents"]] == [True]
