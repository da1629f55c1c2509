"""Assessment end to end on the bundled sample news: the MOU, the Charter on key days, citations,
copies that change nothing, and the stored history on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import text

from charterwatch.assess.agreement_status import assess_agreement
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.pipeline import ingest_raw_documents, read_paths, sample_news_folder, understand
from charterwatch.records.model import NewRecord
from charterwatch.text.language import LanguageIdentifier
from charterwatch.workspace import Workspace

D = dt.date
GROUPS = ["wg-economy-trade", "wg-energy", "wg-connectivity-ai-digital", "wg-security-defence"]
ROADMAPS = "mechanism.priority_projects_roadmaps"


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("assess")
    workspace = Workspace(f"sqlite:///{folder / 'cw.db'}")
    workspace.load_bundled_agreements()
    embed, identifier = PassageEmbedder(), LanguageIdentifier()
    ingest_raw_documents(workspace, read_paths([sample_news_folder()]), as_of=D(2026, 11, 25), identifier=identifier, embed=embed)
    charter, mou = workspace.agreement("az-us-charter-2026"), workspace.agreement("az-us-mou-2025")
    understand(workspace, [charter, mou], embed=embed)
    yield workspace, charter, mou, embed, identifier, folder
    workspace.close()


def by_key(assessment):
    return {(p.provision_id, p.body_id): p for p in assessment.provisions}


def test_the_mou_was_delivered_at_the_signing_and_its_group_met(assessed):
    workspace, _, mou, *_ = assessed
    rows = by_key(workspace.assessment(mou, D(2026, 5, 11)))
    draft = rows[("mou.draft_charter", None)]
    assert (draft.status.status, draft.status.since, draft.status.ordinal) == ("delivered", D(2026, 2, 10), 3)
    assert any(g.get("kind") in ("timeline", "passage") for g in draft.status.grounds)
    assert workspace.evidence(mou, "mou.draft_charter"), "reports of the drafting are evidence for the memorandum"
    group = rows[("mou.working_group", None)]
    assert [(c.status, c.since) for c in group.history][-1] == ("in_progress", D(2025, 12, 18))
    [summary] = workspace.groups(mou, D(2026, 5, 11))
    assert [m["date"] for m in summary.meetings][:2] == ["2025-12-18", "2026-01-21"]


def test_the_charter_the_day_after_signing(assessed):
    workspace, charter, *_ = assessed
    rows = by_key(workspace.assessment(charter, D(2026, 2, 11)))
    for provision in (ROADMAPS, "mechanism.annual_meeting"):
        assert rows[(provision, None)].status.status == "announced", provision
    assessment = workspace.assessment(charter, D(2026, 2, 11))
    assert {d.body_id: d.state for d in assessment.deadlines if d.provision_id == ROADMAPS} == dict.fromkeys(GROUPS, "upcoming")
    assert not any(p.status.status == "delivered" for p in assessment.provisions)


def test_the_charter_the_day_after_the_roadmap_deadline(assessed):
    workspace, charter, *_ = assessed
    assessment = workspace.assessment(charter, D(2026, 5, 11))
    assert {d.body_id: d.state for d in assessment.deadlines if d.provision_id == ROADMAPS} == dict.fromkeys(GROUPS, "missed")
    rows = by_key(assessment)
    for group in GROUPS:
        assert (rows[(ROADMAPS, group)].status.status, rows[(ROADMAPS, group)].status.since) == ("stalled", D(2026, 5, 11))
    coverage = workspace.coverage(D(2026, 5, 11))
    assert coverage["documents"] > 10 and set(coverage["languages"]) == {"en", "az", "tr", "ru"}


def test_a_recorded_roadmap_delivers_that_group_only(assessed, tmp_path):
    workspace, charter, *_ = assessed
    copy_path = tmp_path / "cw.db"
    shutil.copy(assessed[5] / "cw.db", copy_path)
    with Workspace(f"sqlite:///{copy_path}") as scratch:
        scratch.add_record(charter, NewRecord(kind="roadmap", date=D(2026, 5, 2), provision_id=ROADMAPS, body_id="wg-energy",
                                              source="minutes", text="Roadmap adopted."), by="secretariat")
        rows = by_key(scratch.assessment(charter, D(2026, 5, 11)))
        assert rows[(ROADMAPS, "wg-energy")].status.status == "delivered"
        assert rows[(ROADMAPS, "wg-energy")].due.state == "met"
        assert rows[(ROADMAPS, "wg-energy")].status.grounds[0]["kind"] == "record"
        assert rows[(ROADMAPS, "wg-economy-trade")].status.status == "stalled"


@pytest.mark.parametrize("day", [D(2026, 2, 11), D(2026, 3, 1), D(2026, 5, 11), D(2026, 11, 25)])
def test_nothing_later_than_the_day_is_cited_and_every_status_cites_something(assessed, day):
    workspace, charter, mou, *_ = assessed
    for agreement in (charter, mou):
        exported = workspace.export(agreement, as_of=day)
        for provision in exported["provisions"]:
            for change in provision["history"]:
                assert change["since"] <= day
                assert change["cited"], provision["id"]
                assert all(dt.date.fromisoformat(c["date"]) <= day for c in change["cited"])
            if provision["status"] != "no_evidence" and provision["body_id"] is None:
                cited = provision["history"][-1]["cited"]
                assert any(c["kind"] == "passage" and c["quote"] and c["language"] and c["date"] and c["document_id"]
                           for c in cited) or any(c["kind"] in ("record", "timeline") for c in cited), provision


def test_a_copy_of_an_existing_article_changes_no_status(assessed, tmp_path):
    workspace, charter, mou, embed, identifier, folder = assessed
    before = {a.id: by_key(workspace.assessment(a, D(2026, 11, 25))) for a in (charter, mou)}
    copy_path = tmp_path / "cw.db"
    shutil.copy(folder / "cw.db", copy_path)
    article = tmp_path / "reprint.txt"
    article.write_text((sample_news_folder() / "text" / "wg-first-session-en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    with Workspace(f"sqlite:///{copy_path}") as scratch:
        report = ingest_raw_documents(scratch, read_paths([article]), as_of=D(2026, 11, 25), identifier=identifier, embed=embed)
        assert len(report.added) == 1
        understand(scratch, [charter, mou], embed=embed)
        after = {a.id: by_key(scratch.assessment(a, D(2026, 11, 25))) for a in (charter, mou)}
    def summary(row):  # what the status is; a copy may add a citation, never a change
        return [(c.status, c.ordinal, c.since, c.reason) for c in row.history], row.sources

    for agreement_id, rows in before.items():
        for key, row in rows.items():
            assert summary(after[agreement_id][key]) == summary(row), key


def test_without_any_evidence_only_an_overdue_step_is_stalled(assessed):
    """With nothing read, everything is no_evidence, except a step whose due date passed: it is
    overdue whatever was read (stalled at level 0, citing the due date). The yearly meeting missed
    on 2027-02-10 stalls too; nothing else does, however long the silence."""
    _, charter, mou, *_ = assessed
    for agreement in (charter, mou):
        bare = agreement.model_copy(update={"timeline": []})
        assessment = assess_agreement(bare, [], [], D(2027, 6, 1))
        stalled = {(p.provision_id, p.body_id) for p in assessment.provisions if p.status.status == "stalled"}
        overdue = {(d.provision_id, d.body_id) for d in assessment.deadlines if d.state == "missed"}
        assert stalled == overdue | {(pid, None) for pid, _ in overdue}
        assert {p.status.status for p in assessment.provisions
                if (p.provision_id, p.body_id) not in stalled} == {"no_evidence"}
        for p in assessment.provisions:
            if p.status.status == "stalled":
                assert p.status.ordinal == 0 and p.status.grounds
    early = assess_agreement(charter.model_copy(update={"timeline": []}), [], [], D(2026, 5, 10))
    assert {p.status.status for p in early.provisions} == {"no_evidence"}   # not yet due: not stalled


def test_the_stored_history_round_trips(database_url):
    with Workspace(database_url) as workspace:
        workspace.load_bundled_agreements()
        mou = workspace.agreement("az-us-mou-2025")
        assert workspace.store_assessment(mou, D(2026, 5, 11)) == 3   # from the agreement file's dated facts
        with workspace.engine.connect() as connection:
            rows = connection.execute(text("SELECT provision_id, status, since FROM status_history ORDER BY since, provision_id")).all()
        assert [(r[0], r[1], str(r[2])) for r in rows][-1] == ("mou.draft_charter", "delivered", "2026-02-10")
        assert workspace.store_assessment(mou, D(2026, 5, 11)) == 3   # recomputed, not appended
