"""The status table of the bundled Charter and sample news on four days, written out and reviewed by
hand once (tests/assess/golden/sample-status.txt). A change to the rules that moves any status must
change that file on purpose: rerun with CHARTERWATCH_WRITE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from charterwatch.assess.codebook import class_of, codebook_markdown
from charterwatch.workspace import Workspace

GOLDEN = Path(__file__).parent / "golden" / "sample-status.txt"
DAYS = (dt.date(2026, 2, 11), dt.date(2026, 5, 11), dt.date(2026, 8, 1), dt.date(2026, 12, 1))
REPO = Path(__file__).resolve().parents[2]


def status_table(workspace: Workspace) -> str:
    charter = workspace.agreement()
    lines = ["# provision [working group] | kind | status | since (bundled Charter and sample news)"]
    for day in DAYS:
        lines.append(f"\n## as of {day.isoformat()}")
        assessment = workspace.assessment(charter, day)
        for unit in assessment.provisions:
            label = unit.provision_id + (f" [{unit.body_id}]" if unit.body_id else "")
            since = unit.status.since.isoformat() if unit.history else "—"
            lines.append(f"{label} | {class_of(charter.provision(unit.provision_id))} | {unit.status.status} | {since}")
    return "\n".join(lines) + "\n"


def test_the_sample_status_table_is_the_reviewed_one(sample_store):
    with Workspace(f"sqlite:///{sample_store}") as workspace:
        table = status_table(workspace)
    if os.environ.get("CHARTERWATCH_WRITE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(table, encoding="utf-8")
    assert table == GOLDEN.read_text(encoding="utf-8"), (
        "the sample's statuses changed: if on purpose, rerun with CHARTERWATCH_WRITE_GOLDEN=1 and review the diff")


def test_the_reviewed_table_keeps_the_codebook(sample_store):
    """What the review checked, kept as rules: no reaffirmation and nothing not yet due is stalled by
    time; the roadmaps stall the day after their deadline and not before."""
    text = GOLDEN.read_text(encoding="utf-8")
    for line in text.splitlines():
        if " | " not in line or line.startswith("#"):
            continue
        label, kind, status, since = line.split(" | ")
        if kind in ("reaffirmation", "recurring") and status == "stalled":
            raise AssertionError(f"{label}: a {kind} is stalled only by a reported halt or a missed occurrence")
        if status == "stalled" and since != "—":
            assert since >= "2026-02-10", f"{label}: stalled before the signing"
    day_after = text.split("## as of 2026-05-11")[1].split("## as of")[0]
    assert day_after.count("mechanism.priority_projects_roadmaps [") == 4
    assert all("| stalled | 2026-05-11" in line for line in day_after.splitlines() if "priority_projects_roadmaps [" in line)
    first = text.split("## as of 2026-02-11")[1].split("## as of")[0]
    assert "| stalled |" not in first


def test_docs_codebook_is_generated_from_the_code():
    from charterwatch.agreement.bundled import load_bundled_agreement

    committed = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")
    from charterwatch.export import codebook_markdown as export_codebook_markdown

    expected = codebook_markdown(load_bundled_agreement()) + "\n" + export_codebook_markdown()
    assert committed == expected, "run: .venv/bin/python scripts/codebook"
