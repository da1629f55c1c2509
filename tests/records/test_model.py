"""The record rules shared by the CLI, the API and the dashboard's form."""

from __future__ import annotations

import datetime as dt

import pytest

from charterwatch.agreement.bundled import load_bundled_agreement
from charterwatch.errors import RecordError
from charterwatch.records.model import NewRecord, check_record_date, default_provision


@pytest.mark.parametrize(("agreement", "kind", "body", "expected"), [
    ("az-us-charter-2026", "meeting", "wg-energy", "mechanism.working_groups"),
    ("az-us-charter-2026", "meeting", None, "mechanism.annual_meeting"),
    ("az-us-charter-2026", "roadmap", "wg-energy", "mechanism.priority_projects_roadmaps"),
    ("az-us-charter-2026", "project", None, "mechanism.priority_projects_roadmaps"),
    ("az-us-mou-2025", "meeting", "strategic-working-group", "mou.working_group"),
    ("az-us-mou-2025", "project", "strategic-working-group", None),     # no deadline runs per body: say which
])
def test_default_provision(agreement, kind, body, expected):
    assert default_provision(load_bundled_agreement(agreement), kind, body) == expected


def test_a_record_of_tomorrow_is_refused_and_of_today_is_not():
    record = NewRecord(kind="meeting", date=dt.date(2026, 5, 3), provision_id="mechanism.working_groups",
                       body_id="wg-energy", source="s", text="t")
    check_record_date(record, dt.date(2026, 5, 3))
    with pytest.raises(RecordError, match="record: date 2026-05-03 is in the future \\(today is 2026-05-02\\)"):
        check_record_date(record, dt.date(2026, 5, 2))
