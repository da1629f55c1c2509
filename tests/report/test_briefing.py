"""Briefings from the sample store: contents, the 'since the last one' window, and every format."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from charterwatch.errors import CharterwatchError
from charterwatch.report.render import find_chromium, to_html, to_markdown
from charterwatch.workspace import Workspace
from tests.conftest import copy_store, run_cli

DAY = dt.date(2026, 5, 11)
ROADMAPS = "mechanism.priority_projects_roadmaps"


@pytest.fixture
def workspace(sample_store, tmp_path):
    with Workspace(copy_store(sample_store, tmp_path)) as ws:
        yield ws


def test_briefing_as_of_the_missed_roadmaps(workspace):
    a = workspace.agreement()
    b = workspace.briefing(a, DAY)
    assert b.since == dt.date(2026, 2, 9) and b.since_reason == "the signing day included"
    assert any(line.startswith("Missed: 4 working groups did not meet the 2026-05-10 deadline") for line in b.headlines())
    assert {d.body_id for d in b.missed} == {"wg-economy-trade", "wg-energy", "wg-connectivity-ai-digital",
                                             "wg-security-defence"}
    stalled = [m for m in b.grouped_moves() if m.status == "stalled"]
    # the four groups' stalls and the provision's as a whole (stalled because all four are) are one line
    assert len(stalled) == 1 and stalled[0].provisions[0].startswith(
        "Priority projects and roadmaps in three months (mechanism.priority_projects_roadmaps): the provision as a whole; ")
    assert stalled[0].provisions[0].count("Working group on") == 4
    assert stalled[0].reason == "Stalled: the deadline of 2026-05-10 passed without delivery."
    assert any("became stalled in this period: Priority projects and roadmaps in three months" in line
               for line in b.headlines())
    signing_day = [m for m in b.grouped_moves() if m.since == dt.date(2026, 2, 10)]
    assert signing_day and sum(len(m.provisions) for m in signing_day) == len(
        {m.provision_id for m in b.moves if m.since == dt.date(2026, 2, 10)})
    counts = workspace.document_counts()
    assert (b.coverage.documents, b.coverage.copies_removed, b.coverage.undateable, b.coverage.rejected) == (
        counts["accepted"], counts["copies"], counts["undateable"], counts["rejected"])
    assert set(b.coverage.languages) == {"en", "az", "tr", "ru"}
    # every quoted passage cites a numbered source; numbers run 1..n; passing mentions are not quoted
    numbers = [s.number for s in b.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    for provision_id in b.quoted_provisions():
        for row in b.quoted(provision_id):
            assert row.event_type != "mentioned" and row.source_number in numbers
            assert row.copy_of is None or row.document_id != row.copy_of
    assert all(row.published > b.since for rows in b.evidence.values() for row in rows)


def test_next_briefing_starts_where_the_last_one_ended(workspace):
    a = workspace.agreement()
    workspace.record_briefing(a, DAY, dt.date(2026, 2, 9), "md", "/tmp/x.md")
    later = workspace.briefing(a, dt.date(2026, 6, 11))
    assert later.since == DAY and later.since_reason == "the last briefing"
    assert later.moves == [] and later.evidence == {}
    assert "No provision changed status in this period." in to_markdown(later)
    same_day = workspace.briefing(a, DAY)
    assert same_day.since == dt.date(2026, 2, 9)   # a briefing never starts at its own day
    with pytest.raises(CharterwatchError, match="--since 2026-06-01: after --as-of 2026-05-11"):
        workspace.briefing(a, DAY, since=dt.date(2026, 6, 1))


def test_markdown_and_html_read_as_a_briefing(workspace):
    b = workspace.briefing(workspace.agreement(), DAY)
    md = to_markdown(b)
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == ["In brief", "What changed", "Deadlines", "New evidence per provision", "Working groups",
                        "Status of every provision on 2026-05-11", "Coverage", "Sources"]
    assert "(1 day overdue)" in md and "[1]" in md
    html = to_html(b)
    assert html.count("<h2>") == 8 and "<script" not in html
    for s in b.sources:
        assert f'<li value="{s.number}">' in html


def test_report_command_writes_each_format(sample_store, tmp_path):
    db = copy_store(sample_store, tmp_path)
    for fmt in ("md", "html"):
        out = tmp_path / f"b.{fmt}"
        result = run_cli("report", "--as-of", "2026-05-11", "--format", fmt, "--output", str(out), db=db, check=True)
        assert out.is_file() and str(out) in result.stdout.replace("\n", "")
    second = run_cli("report", "--as-of", "2026-06-11", "--output", str(tmp_path / "c.md"), db=db, check=True)
    assert "changes since 2026-05-11, the last briefing" in second.stdout
    bad = run_cli("report", "--format", "docx", db=db)
    assert bad.returncode == 2 and bad.stderr.strip() == "error: --format 'docx': choose one of md, html, pdf"
    assert not list(tmp_path.glob("*.docx"))


def test_pdf_is_printed_by_chromium(sample_store, tmp_path):
    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: the test command installs Debian's chromium")
        pytest.skip("no Chromium here (bash scripts/install-browser)")
    from pypdf import PdfReader

    out = tmp_path / "briefing.pdf"
    run_cli("report", "--as-of", "2026-05-11", "--format", "pdf", "--output", str(out), db=copy_store(sample_store, tmp_path),
            check=True, timeout=180)
    reader = PdfReader(out)
    first = reader.pages[0].extract_text()
    assert len(reader.pages) >= 2
    assert "DELIVERY BRIEFING" in first.upper() and "In brief" in first and "2026-05-11" in first
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Coverage" in text and "Sources" in text


def test_pdf_without_a_browser_is_a_clear_error(sample_store, tmp_path):
    out = tmp_path / "briefing.pdf"
    result = run_cli("report", "--format", "pdf", "--output", str(out), db=copy_store(sample_store, tmp_path),
                     env={"CHARTERWATCH_CHROMIUM": str(tmp_path / "no-such-browser")})
    assert result.returncode == 2 and result.stderr.startswith("error: --format pdf: needs Chromium")
    assert not out.exists()
