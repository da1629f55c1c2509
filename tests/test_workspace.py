"""The workspace's per-revision cache: repeated views are reused, and any write, from any process, is seen."""

from __future__ import annotations

import datetime as dt

import pytest

from charterwatch.errors import RecordError
from charterwatch.records.model import NewRecord
from charterwatch.workspace import Workspace
from tests.conftest import copy_store

DAY = dt.date(2026, 5, 11)


def energy_status(ws: Workspace) -> str:
    a = ws.agreement()
    return next(p.status.status for p in ws.assessment(a, DAY).provisions if p.body_id == "wg-energy")


def test_a_write_elsewhere_invalidates_cached_views(sample_store, tmp_path):
    url = copy_store(sample_store, tmp_path)
    with Workspace(url) as reader, Workspace(url) as writer:
        assert energy_status(reader) == "stalled"
        first = reader.assessment(reader.agreement(), DAY)
        assert reader.assessment(reader.agreement(), DAY) is first          # reused while nothing changed
        before = reader.revision()
        writer.add_record(writer.agreement(), NewRecord(
            kind="roadmap", date=dt.date(2026, 5, 2), provision_id="mechanism.priority_projects_roadmaps",
            body_id="wg-energy", source="minutes", text="Roadmap adopted."), by="secretariat")
        assert reader.revision() == before + 1
        assert energy_status(reader) == "delivered"                        # recomputed, not served stale


def test_reading_and_unchanged_loads_keep_the_revision(sample_store, tmp_path):
    with Workspace(copy_store(sample_store, tmp_path)) as ws:
        before = ws.revision()
        ws.load_bundled_agreements()          # unchanged
        ws.evidence(ws.agreement())
        ws.document_counts()
        assert ws.revision() == before


def test_revision_and_cache_on_both_stores(database_url):
    with Workspace(database_url) as reader, Workspace(database_url) as writer:
        reader.load_bundled_agreements()
        assert energy_status(reader) == "stalled"          # no news, but the roadmap is overdue (codebook)
        revision = reader.revision()
        writer.add_record(writer.agreement(), NewRecord(
            kind="roadmap", date=dt.date(2026, 5, 2), provision_id="mechanism.priority_projects_roadmaps",
            body_id="wg-energy", source="minutes", text="Roadmap adopted."), by="secretariat")
        assert reader.revision() == revision + 1 and energy_status(reader) == "delivered"
        with pytest.raises(RecordError):
            writer.correct_record(writer.agreement(), 1, {}, by="x", reason="")
        assert reader.revision() == revision + 1          # a refused write moves nothing
