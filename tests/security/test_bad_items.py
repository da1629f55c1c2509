"""Every item its own fate: a JSONL line with a field of the wrong type or size is one line in the
summary and the rest of the batch goes on — the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from charterwatch.workspace import Workspace
from tests.conftest import run_cli

TEXT = ("Azerbaijan and the United States signed the Charter on Strategic Partnership in Baku on Tuesday. "
        "The two governments said four working groups would agree priority projects and roadmaps within three "
        "months, and that officials would meet at least once a year to review the partnership.")


def test_wrongly_typed_or_oversized_fields_reject_only_their_line(tmp_path, database_url):
    lines = [
        {"title": 42, "text": TEXT + " one"},
        {"title": ["a", "list"], "text": TEXT + " two"},
        {"outlet": {"name": "dict"}, "text": TEXT + " three"},
        {"outlet": "O" * 201, "text": TEXT + " four"},
        {"url": 7, "text": TEXT + " five"},
        {"url": "https://example.org/ok", "title": "Fine", "outlet": "O" * 200, "text": TEXT + " six",
         "published": "2026-02-11"},
    ]
    feed = tmp_path / "items.jsonl"
    feed.write_text("\n".join(json.dumps(item) for item in lines) + "\n", encoding="utf-8")
    result = run_cli("ingest", str(feed), "--defer", "--json", db=database_url)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    reasons = sorted(r["reason"] for r in summary["rejections"])
    assert reasons == sorted([
        "items.jsonl: line 1: 'title' must be a string, not int",
        "items.jsonl: line 2: 'title' must be a string, not list",
        "items.jsonl: line 3: 'outlet' must be a string, not dict",
        "items.jsonl: line 4: 'outlet' is 201 characters; at most 200",
        "items.jsonl: line 5: 'url' must be a string, not int"])
    with Workspace(database_url) as workspace:
        accepted = [d for d in workspace.documents() if d["status"] == "accepted"]
    assert [d["outlet"] for d in accepted] == ["O" * 200]
