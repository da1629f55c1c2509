"""A working group's meetings: a record or the agreement file counts one; from the news, two
independent outlets must report it (one outlet alone is shown, not counted)."""

from __future__ import annotations

import datetime as dt

from charterwatch.agreement.bundled import load_bundled_agreement
from charterwatch.assess.agreement_status import assess_agreement, group_summaries
from charterwatch.records.model import Record
from charterwatch.rows import Evidence

CHARTER = load_bundled_agreement("az-us-charter-2026")
DAY = dt.date(2026, 6, 1)
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def report(document_id: int, outlet: str, day: dt.date) -> Evidence:
    return Evidence(document_id=document_id, copy_of=None, source=outlet, paragraph_index=0,
                    provision_id="mechanism.working_groups", event_type="meeting_held", score=0.95,
                    quote="The working group on energy held its first meeting in Baku on Monday.", quote_start=0,
                    quote_end=10, cue="held its first meeting", entities=[], language="en", published=day,
                    outlet=outlet, title="Energy group meets", url=None)


def energy(evidence, records=()) -> object:
    assessment = assess_agreement(CHARTER, evidence, list(records), DAY)
    return next(g for g in group_summaries(CHARTER, evidence, list(records), assessment) if g.body_id == "wg-energy")


def test_one_outlet_is_shown_not_counted_and_two_count_as_reported():
    one = energy([report(1, "Outlet A", dt.date(2026, 3, 2))])
    assert one.meetings == () and [m["sources"] for m in one.single_reports] == [["Outlet A"]]
    two = energy([report(1, "Outlet A", dt.date(2026, 3, 2)), report(2, "Outlet B", dt.date(2026, 3, 3))])
    assert [(m["date"], m["known_by"], m["sources"]) for m in two.meetings] == [
        ("2026-03-02", "reported", ["Outlet A", "Outlet B"])]
    assert two.single_reports == ()


def test_a_record_counts_on_its_own():
    record = Record(id=7, agreement_id=CHARTER.id, kind="meeting", date=dt.date(2026, 3, 2),
                    provision_id="mechanism.working_groups", body_id="wg-energy", source="minutes", text="First meeting.",
                    revision=1, created_at=NOW, created_by="s", updated_at=NOW, updated_by="s")
    summary = energy([report(1, "Outlet A", dt.date(2026, 3, 3))], [record])
    assert [(m["date"], m["known_by"]) for m in summary.meetings] == [("2026-03-02", "recorded")]
