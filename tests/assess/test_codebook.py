"""One headline and one status per provision on every surface, and lateness kept everywhere.

A newcomer's path: the bundled sample, then a roadmap recorded six months after its deadline with
`charterwatch record roadmap`; then `status --json`, `/api/provisions` over a real server, the
overview page and a briefing written by `charterwatch report` must agree, and every one of them
(and the deadlines page's chart) must say the roadmap was met late.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import httpx
import pytest

from charterwatch.agreement.duration import duration_words, plural
from charterwatch.api import create_app
from charterwatch.assess.codebook import RULES, class_of, headline
from charterwatch.workspace import Workspace
from tests.conftest import copy_store, run_cli, served

DAY = dt.date(2026, 12, 1)
ROADMAPS = "mechanism.priority_projects_roadmaps"


@pytest.fixture(scope="module")
def late_store(sample_store, tmp_path_factory):
    url = copy_store(sample_store, tmp_path_factory.mktemp("late"))
    run_cli("record", "roadmap", "--body", "wg-energy", "--date", "2026-11-28", "--source", "https://example.org/minutes",
            "--text", "The energy working group adopted its roadmap with five priority projects.", db=url, check=True)
    return url


def _rows(page: str) -> dict[tuple, str]:
    return {(p, b or None): s for p, b, s in
            re.findall(r'data-provision="([^"]+)" data-body="([^"]*)" data-status="([^"]+)"', page)}


def _words(page: str) -> str:
    found = re.search(r'id="headline-words">(.*?)</', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def test_cli_api_dashboard_and_briefing_agree(late_store, tmp_path):
    cli = json.loads(run_cli("status", "--json", "--as-of", DAY.isoformat(), db=late_store, check=True).stdout)
    cli_rows = {(p["id"], p["body_id"]): p["status"] for p in cli["provisions"]}
    out = tmp_path / "briefing.html"
    run_cli("report", "--as-of", DAY.isoformat(), "--since", "2026-11-01", "--format", "html", "--output", str(out),
            db=late_store, check=True)
    briefing = out.read_text(encoding="utf-8")
    with Workspace(late_store) as workspace, served(create_app(workspace, token=None, today=lambda: DAY)) as base:
        api = httpx.get(f"{base}/api/provisions", params={"as_of": DAY.isoformat()}).json()
        overview = httpx.get(f"{base}/", params={"as_of": DAY.isoformat()}).text
        expected = headline(workspace.agreement(), workspace.assessment(workspace.agreement(), DAY))
    api_rows = {(p["id"], p["body_id"]): p["status"] for p in api["provisions"]}

    assert cli["headline"] == api["headline"] == expected.to_dict()
    assert _words(overview).startswith(expected.words) and _words(briefing).startswith(expected.words)
    assert re.search(rf'id="delivered-share">{re.escape(expected.percent)}<', overview)
    assert re.search(rf'id="delivered-share">{re.escape(expected.percent)}<', briefing)
    assert cli_rows == api_rows == _rows(overview) == _rows(briefing)
    assert len(cli_rows) == 33
    # the numbers in the words are the counts: 23 provisions with a deliverable, 6 left out, once each
    assert expected.total == 23 and "6 reaffirmations and recurring meetings not counted" in expected.words
    assert cli_rows[(ROADMAPS, "wg-energy")] == "delivered"
    # the provision tasking four groups is not delivered while three are still overdue
    assert cli_rows[(ROADMAPS, None)] == "in_progress"
    assert expected.groups_delivered == 1 and expected.groups_total == 4


def test_met_late_reads_as_late_everywhere_and_the_missed_step_stays(late_store, tmp_path):
    deadlines = run_cli("deadlines", "--as-of", DAY.isoformat(), db=late_store, check=True).stdout
    energy = next(line for line in deadlines.splitlines() if "wg-energy" in line)
    assert "met late" in energy and "202 late" in energy and "-20" not in energy
    explained = json.loads(run_cli("explain", ROADMAPS, "--json", "--as-of", DAY.isoformat(), db=late_store,
                                   check=True).stdout)
    energy_history = next(u for u in explained if u["body_id"] == "wg-energy")["history"]
    assert [(c["status"], c["since"]) for c in energy_history] == [
        ("announced", "2026-02-10"), ("stalled", "2026-05-11"), ("delivered", "2026-11-28")]
    assert energy_history[-1]["reason"].startswith("Delivered late, 202 days after the deadline of 2026-05-10")
    # the past is not rewritten: the history up to June is the same seen from June or from December
    june = json.loads(run_cli("explain", ROADMAPS, "--json", "--as-of", "2026-06-01", db=late_store, check=True).stdout)
    assert next(u for u in june if u["body_id"] == "wg-energy")["history"] == energy_history[:2]

    out = tmp_path / "b.md"
    run_cli("report", "--as-of", DAY.isoformat(), "--since", "2026-11-01", "--output", str(out), db=late_store, check=True)
    brief = out.read_text(encoding="utf-8")
    assert "Met late on 2026-11-28, 202 days after the 2026-05-10 deadline" in brief
    assert "**met late**, 202 days after the 2026-05-10 deadline" in brief
    assert "Met on 2026-11-28" not in brief

    with Workspace(late_store) as workspace, served(create_app(workspace, token=None, today=lambda: DAY)) as base:
        page = httpx.get(f"{base}/deadlines", params={"as_of": DAY.isoformat()}).text
        api = httpx.get(f"{base}/api/deadlines", params={"as_of": DAY.isoformat()}).json()
        provision = httpx.get(f"{base}/provisions/{ROADMAPS}", params={"as_of": DAY.isoformat()}).text
        groups = httpx.get(f"{base}/groups", params={"as_of": DAY.isoformat()}).text
    assert "202 days late" in page and 'class="due met-late" data-met-on="2026-11-28"' in page
    assert "3 months after the signing" in page and "P3M" not in page
    late = [d for d in (api if isinstance(api, list) else api["deadlines"]) if d["body_id"] == "wg-energy"]
    assert late[0]["state"] == "met_late" and late[0]["met_on"] == "2026-11-28"
    assert "met 2026-11-28, 202 days late" in provision
    assert "202 days late" in groups
    # a working group that adopted its roadmap is in progress as a body, not delivered
    assert re.search(r"Working group on energy</a></td><td><span class=\"status\"[^>]*>in progress", groups)


def test_no_reaffirmation_and_nothing_not_yet_due_is_stalled_by_time(sample_store):
    with Workspace(f"sqlite:///{sample_store}") as workspace:
        charter = workspace.agreement()
        for day in (dt.date(2026, 12, 1), dt.date(2027, 2, 10)):
            for unit in workspace.assessment(charter, day).provisions:
                kind = class_of(charter.provision(unit.provision_id))
                if kind == "reaffirmation" or (kind == "recurring" and day < dt.date(2027, 2, 11)):
                    assert unit.status.status != "stalled", (unit.provision_id, day)
        stalled_meeting = next(u for u in workspace.assessment(charter, dt.date(2027, 3, 1)).provisions
                               if u.provision_id == "mechanism.annual_meeting")
        assert stalled_meeting.status.status == "stalled" and stalled_meeting.status.since == dt.date(2027, 2, 11)


def test_evidence_below_the_bar_is_named_not_hidden(sample_store):
    with Workspace(f"sqlite:///{sample_store}") as workspace:
        charter = workspace.agreement()
        units = {u.provision_id: u for u in workspace.assessment(charter, DAY).provisions if u.body_id is None}
    for unit in units.values():
        if unit.status.status == "no_evidence" and unit.evidence_count:
            assert unit.note, unit.provision_id       # never a bare "no evidence" beside passages
    assert units["connectivity.tripp"].note == "only plans so far: no act reported"


def test_human_words():
    assert duration_words("P3M") == "3 months" and duration_words("P1Y", recurring=True) == "every year"
    assert duration_words("P6M", recurring=True) == "every 6 months" and duration_words("P1M") == "1 month"
    assert plural(1, "passage") == "1 passage" and plural(2, "source") == "2 sources"
    assert set(RULES) == {"reaffirmation", "commitment", "deadline", "recurring"}


def test_the_dashboard_links_the_codebook_and_serves_it(sample_store):
    with Workspace(f"sqlite:///{sample_store}") as workspace, \
            served(create_app(workspace, token=None, today=lambda: DAY)) as base:
        overview = httpx.get(f"{base}/").text
        codebook = httpx.get(f"{base}/codebook")
    assert 'href="/codebook"' in overview.split("<footer>")[1]
    assert codebook.status_code == 200
    for rule in RULES.values():
        assert html.escape(rule.name) in codebook.text
    assert "Sovereignty and borders" in codebook.text     # the bundled provisions of each kind, by title
