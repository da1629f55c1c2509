"""Records in a real store: added, corrected with history, withdrawn; bad ones change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from charterwatch.agreement import load_agreement_file, load_bundled_agreement
from charterwatch.errors import NotFoundError, RecordError, StoreError
from charterwatch.records.model import NewRecord
from charterwatch.workspace import Workspace
from tests.conftest import FIXTURES

ROADMAPS = "mechanism.priority_projects_roadmaps"


def roadmap(**changes) -> NewRecord:
    values = dict(kind="roadmap", date=dt.date(2026, 5, 2), provision_id=ROADMAPS, body_id="wg-energy",
                  source="https://example.org/wg-energy/minutes-2", text="Roadmap with five priority projects adopted.")
    return NewRecord(**{**values, **changes})


def snapshot(workspace: Workspace) -> dict:
    """Every row of the tables a record or agreement touches, to prove nothing changed."""
    tables = ["agreements", "provisions", "bodies", "records", "record_revisions"]
    with workspace.engine.connect() as connection:
        return {t: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {t}")).all()), key=repr) for t in tables}


@pytest.fixture
def workspace(database_url, clock):
    with Workspace(database_url, now=clock) as ws:
        ws.load_bundled_agreements()
        yield ws


def test_bundled_agreements_load_once(workspace):
    assert workspace.load_bundled_agreements() == {"az-us-charter-2026": "unchanged", "az-us-mou-2025": "unchanged"}
    assert [s.id for s in workspace.agreements()] == ["az-us-charter-2026", "az-us-mou-2025"]


def test_add_correct_and_withdraw_keep_every_revision(workspace):
    charter = workspace.agreement("az-us-charter-2026")
    added = workspace.add_record(charter, roadmap(), by="secretariat-energy")
    assert (added.id, added.revision, added.created_by) == (1, 1, "secretariat-energy")
    corrected = workspace.correct_record(charter, added.id, {"date": dt.date(2026, 5, 4)}, by="editor", reason="typo in date")
    assert (corrected.revision, corrected.date, corrected.updated_by) == (2, dt.date(2026, 5, 4), "editor")
    assert corrected.created_by == "secretariat-energy"
    withdrawn = workspace.withdraw_record(added.id, by="editor", reason="duplicate of #2")
    history = workspace.record_history(added.id)
    assert [(h.revision, h.action, h.changed_by, h.reason, h.snapshot["date"]) for h in history] == [
        (1, "created", "secretariat-energy", None, "2026-05-02"),
        (2, "corrected", "editor", "typo in date", "2026-05-04"),
        (3, "withdrawn", "editor", "duplicate of #2", "2026-05-04"),
    ]
    assert history[0].changed_at < history[1].changed_at < history[2].changed_at
    assert withdrawn.withdrawn
    assert workspace.records(charter) == []
    assert [r.id for r in workspace.records(charter, include_withdrawn=True)] == [1]


def test_records_filter_by_body(workspace):
    charter = workspace.agreement("az-us-charter-2026")
    workspace.add_record(charter, roadmap(), by="a")
    workspace.add_record(charter, roadmap(body_id="wg-security-defence", kind="project", text="Demining project listed."), by="b")
    assert [r.body_id for r in workspace.records(charter, body_id="wg-security-defence")] == ["wg-security-defence"]
    with pytest.raises(NotFoundError, match="--body 'wg-space': not a body of 'az-us-charter-2026'"):
        workspace.records(charter, body_id="wg-space")


def test_a_recorded_roadmap_meets_the_deadline(workspace):
    charter = workspace.agreement("az-us-charter-2026")
    workspace.add_record(charter, roadmap(), by="a")
    states = {i.body_id: i.state for i in workspace.deadlines(charter, dt.date(2026, 5, 11)) if i.provision_id == ROADMAPS}
    assert states == {"wg-economy-trade": "missed", "wg-energy": "met", "wg-connectivity-ai-digital": "missed",
                      "wg-security-defence": "missed"}


@pytest.mark.parametrize("bad, message", [
    (roadmap(provision_id="connectivity.teleport"),
     "record: provision 'connectivity.teleport' is not in agreement 'az-us-charter-2026'"),
    (roadmap(body_id="wg-space"), "record: body 'wg-space' is not in agreement 'az-us-charter-2026'"),
    (roadmap(body_id=None), "record: provision 'mechanism.priority_projects_roadmaps' is due per working group; give --body"),
])
def test_bad_records_are_refused_and_change_nothing(workspace, bad, message):
    charter = workspace.agreement("az-us-charter-2026")
    workspace.add_record(charter, roadmap(), by="a")
    before = snapshot(workspace)
    with pytest.raises(RecordError) as caught:
        workspace.add_record(charter, bad, by="a")
    assert str(caught.value).startswith(message)
    assert snapshot(workspace) == before


def test_a_correction_that_breaks_a_record_changes_nothing(workspace):
    charter = workspace.agreement("az-us-charter-2026")
    added = workspace.add_record(charter, roadmap(), by="a")
    before = snapshot(workspace)
    with pytest.raises(RecordError):
        workspace.correct_record(charter, added.id, {"provision_id": "nope.nope"}, by="b", reason="x")
    with pytest.raises(RecordError, match="changes nothing"):
        workspace.correct_record(charter, added.id, {"date": dt.date(2026, 5, 2)}, by="b", reason="x")
    with pytest.raises(RecordError, match="needs a reason"):
        workspace.correct_record(charter, added.id, {"date": dt.date(2026, 5, 3)}, by="b", reason=" ")
    with pytest.raises(NotFoundError, match="record 99: no such record"):
        workspace.correct_record(charter, 99, {"date": dt.date(2026, 5, 3)}, by="b", reason="x")
    assert snapshot(workspace) == before


def test_mou_records_and_a_users_agreement(workspace):
    mou = workspace.agreement("az-us-mou-2025")
    meeting = NewRecord(kind="meeting", date=dt.date(2025, 12, 18), provision_id="mou.working_group",
                        body_id="strategic-working-group", source="embassy statement", text="First session in Washington.")
    assert workspace.add_record(mou, meeting, by="a").agreement_id == "az-us-mou-2025"
    accord = workspace.agreement(str(FIXTURES / "agreements" / "lake-accord.yaml"))
    assert workspace.agreement("lake-accord-2026") == accord  # stored, so its id now works
    plan = NewRecord(kind="roadmap", date=dt.date(2026, 2, 27), provision_id="joint.work_plans", body_id="panel-fisheries",
                     source="panel minutes", text="Work plan adopted.")
    workspace.add_record(accord, plan, by="a")
    states = {i.body_id: i.state for i in workspace.deadlines(accord, dt.date(2026, 3, 1)) if i.provision_id == "joint.work_plans"}
    assert states == {"panel-fisheries": "met", "panel-shipping": "missed"}


def test_reloading_cannot_drop_a_provision_that_records_cite(workspace, tmp_path):
    accord_path = FIXTURES / "agreements" / "lake-accord.yaml"
    accord = workspace.agreement(str(accord_path))
    workspace.add_record(accord, NewRecord(kind="roadmap", date=dt.date(2026, 2, 20), provision_id="joint.work_plans",
                                           body_id="panel-shipping", source="s", text="t"), by="a")
    shrunk = tmp_path / "lake-accord.yaml"
    shrunk.write_text(accord_path.read_text(encoding="utf-8").replace("joint.work_plans", "joint.plans"), encoding="utf-8")
    before = snapshot(workspace)
    with pytest.raises(StoreError, match=r"drops provision 'joint.work_plans' \(1 records\) that records cite"):
        workspace.agreement(str(shrunk))
    assert snapshot(workspace) == before


def test_reloading_an_edited_agreement_updates_it(workspace, tmp_path):
    accord_path = FIXTURES / "agreements" / "lake-accord.yaml"
    workspace.agreement(str(accord_path))
    edited = tmp_path / "lake-accord.yaml"
    edited.write_text(accord_path.read_text(encoding="utf-8").replace(
        "A joint commission with two expert panels is set up.", "A joint commission is set up."), encoding="utf-8")
    workspace.agreement(str(edited))
    assert workspace.agreement("lake-accord-2026").provision("joint.commission").summary == "A joint commission is set up."
    assert workspace.load_agreement(load_agreement_file(edited), source="again") == "unchanged"


def test_unknown_agreement_ref(workspace):
    with pytest.raises(NotFoundError, match=r"--agreement 'nope': no such file or agreement id \(known: az-us-charter-2026, az-us-mou-2025\)"):
        workspace.agreement("nope")
    assert load_bundled_agreement("nope") is None
