"""Deadlines of the Charter and of a made-up accord, judged against records."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charterwatch.agreement import load_agreement_file, load_bundled_agreement
from charterwatch.assess.deadlines import compute_deadlines
from charterwatch.records.model import Record
from tests.conftest import FIXTURES

CHARTER = load_bundled_agreement("az-us-charter-2026")
ACCORD = load_agreement_file(FIXTURES / "agreements" / "lake-accord.yaml")
ROADMAPS = "mechanism.priority_projects_roadmaps"
GROUPS = ["wg-connectivity-ai-digital", "wg-economy-trade", "wg-energy", "wg-security-defence"]
STAMP = dt.datetime(2026, 5, 3, tzinfo=dt.UTC)


def record(id=1, kind="roadmap", date="2026-05-02", body="wg-energy", provision=ROADMAPS, withdrawn=False,
           agreement_id="az-us-charter-2026"):
    return Record(id=id, agreement_id=agreement_id, kind=kind, date=dt.date.fromisoformat(date),
                  provision_id=provision, body_id=body, source="minutes", text="agreed", revision=1,
                  withdrawn=withdrawn, created_at=STAMP, created_by="t", updated_at=STAMP, updated_by="t")


def states(items, provision=ROADMAPS):
    return {i.body_id: i.state for i in items if i.provision_id == provision}


def test_roadmaps_missed_the_day_after_without_records():
    items = compute_deadlines(CHARTER, [], dt.date(2026, 5, 11))
    assert states(items) == dict.fromkeys(GROUPS, "missed")
    assert {i.due for i in items if i.provision_id == ROADMAPS} == {dt.date(2026, 5, 10)}


def test_roadmaps_due_soon_in_mid_april():
    items = compute_deadlines(CHARTER, [], dt.date(2026, 4, 15))
    assert states(items) == dict.fromkeys(GROUPS, "due_soon")
    assert {i.days_left for i in items if i.provision_id == ROADMAPS} == {25}


def test_roadmaps_upcoming_right_after_signing_and_due_soon_on_the_day():
    assert set(states(compute_deadlines(CHARTER, [], dt.date(2026, 2, 11))).values()) == {"upcoming"}
    assert set(states(compute_deadlines(CHARTER, [], dt.date(2026, 4, 9))).values()) == {"upcoming"}
    assert set(states(compute_deadlines(CHARTER, [], dt.date(2026, 4, 10))).values()) == {"due_soon"}
    assert set(states(compute_deadlines(CHARTER, [], dt.date(2026, 5, 10))).values()) == {"due_soon"}


def test_a_recorded_roadmap_meets_its_groups_deadline_only():
    items = compute_deadlines(CHARTER, [record()], dt.date(2026, 5, 11))
    assert states(items) == {**dict.fromkeys(GROUPS, "missed"), "wg-energy": "met"}
    energy = next(i for i in items if i.body_id == "wg-energy")
    assert (energy.met_on, energy.met_by_record_id) == (dt.date(2026, 5, 2), 1)


def test_a_late_roadmap_is_met_late_and_invisible_before_its_date():
    late = record(date="2026-05-20")
    assert states(compute_deadlines(CHARTER, [late], dt.date(2026, 5, 11)))["wg-energy"] == "missed"
    assert states(compute_deadlines(CHARTER, [late], dt.date(2026, 5, 25)))["wg-energy"] == "met_late"


@pytest.mark.parametrize("other", [
    record(kind="meeting"), record(withdrawn=True), record(body="wg-energy", provision="mechanism.working_groups"),
    record(agreement_id="az-us-mou-2025"),
])
def test_records_that_do_not_meet_the_roadmap_deadline(other):
    assert states(compute_deadlines(CHARTER, [other], dt.date(2026, 5, 11)))["wg-energy"] == "missed"


def test_first_annual_meeting_then_yearly():
    items = [i for i in compute_deadlines(CHARTER, [], dt.date(2026, 5, 11)) if i.provision_id == "mechanism.annual_meeting"]
    assert [(i.occurrence, i.due.isoformat(), i.state) for i in items] == [(1, "2027-02-10", "upcoming")]
    meeting = record(kind="meeting", body=None, provision="mechanism.annual_meeting", date="2027-01-15")
    later = [i for i in compute_deadlines(CHARTER, [meeting], dt.date(2028, 3, 1))
             if i.provision_id == "mechanism.annual_meeting"]
    assert [(i.occurrence, i.due.isoformat(), i.state) for i in later] == [
        (1, "2027-02-10", "met"), (2, "2028-02-10", "missed"), (3, "2029-02-10", "upcoming")]
    assert later[1].window_start == dt.date(2027, 2, 11)


def test_month_end_signing_gives_february_28():
    items = compute_deadlines(ACCORD, [], dt.date(2026, 2, 1))
    plans = [i for i in items if i.provision_id == "joint.work_plans"]
    assert {i.due for i in plans} == {dt.date(2026, 2, 28)}
    reviews = [i.due.isoformat() for i in compute_deadlines(ACCORD, [], dt.date(2027, 3, 1))
               if i.provision_id == "joint.review"]
    assert reviews == ["2026-07-31", "2027-01-31", "2027-07-31"]


def test_mou_has_no_deadlines():
    assert compute_deadlines(load_bundled_agreement("az-us-mou-2025"), [], dt.date(2026, 5, 11)) == []


record_dates = st.dates(min_value=dt.date(2026, 2, 10), max_value=dt.date(2029, 12, 31))


@settings(max_examples=60, deadline=None)
@given(dates=st.lists(record_dates, max_size=6), as_of=record_dates, earlier=record_dates)
def test_an_earlier_as_of_never_sees_a_later_record(dates, as_of, earlier):
    earlier = min(as_of, earlier)
    records = [record(id=n, date=d.isoformat(), body=GROUPS[n % 4]) for n, d in enumerate(dates)] + [
        record(id=100 + n, kind="meeting", body=None, provision="mechanism.annual_meeting", date=d.isoformat())
        for n, d in enumerate(dates)]
    for day in (earlier, as_of):
        for item in compute_deadlines(CHARTER, records, day):
            assert item.met_on is None or item.met_on <= day
            assert item.state != "missed" or day > item.due
            assert (item.state in ("met", "met_late")) == (item.met_on is not None)
    # What was met on the earlier day stays met (with the same record) later.
    before = {(i.provision_id, i.body_id, i.occurrence): i for i in compute_deadlines(CHARTER, records, earlier)}
    after = {(i.provision_id, i.body_id, i.occurrence): i for i in compute_deadlines(CHARTER, records, as_of)}
    for key, item in before.items():
        if item.state in ("met", "met_late"):
            assert after[key].met_by_record_id == item.met_by_record_id


@settings(max_examples=60, deadline=None)
@given(as_of=record_dates)
def test_without_records_nothing_is_met_and_each_group_has_one_item(as_of):
    items = compute_deadlines(CHARTER, [], as_of)
    assert not any(i.state in ("met", "met_late") for i in items)
    assert sorted(i.body_id for i in items if i.provision_id == ROADMAPS) == GROUPS
