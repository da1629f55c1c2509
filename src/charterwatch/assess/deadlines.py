"""Deadlines: what each mechanism owes, when, and whether a record shows it was delivered.

Pure: the agreement, the records and the date are passed in; nothing is read from a clock or a
database, so a past day's deadlines can be reproduced exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from charterwatch.agreement.duration import add_duration, plural
from charterwatch.agreement.model import Agreement, Provision
from charterwatch.records.model import Record

DueState = Literal["upcoming", "due_soon", "met", "met_late", "missed"]

#: An unmet item due within this many days is ``due_soon`` (a month, as secretariats plan).
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class DueItem:
    """One thing owed by a date: a provision's deliverable, per body or per recurrence."""

    agreement_id: str
    provision_id: str
    body_id: str | None
    rule: str
    due: dt.date
    state: DueState
    #: the first day a record counts for this item (the day after the previous occurrence)
    window_start: dt.date
    #: 1, 2, ... for recurring rules; None for a one-off deadline
    occurrence: int | None
    met_on: dt.date | None
    met_by_record_id: int | None
    #: a news report that met it (document id, quote, ...) when no record did
    #: days from as_of to the due date (negative once it has passed)
    days_left: int
    met_by_report: dict | None = None

    @property
    def recurring(self) -> bool:
        return self.occurrence is not None

    @property
    def days_late(self) -> int | None:
        """Days between the due date and the day it was met late (None unless ``met_late``)."""
        return (self.met_on - self.due).days if self.state == "met_late" and self.met_on else None

    @property
    def timing(self) -> str | None:
        """How late, overdue or near it is: "195 days late", "30 days overdue", "12 days left"; None when met."""
        if self.state == "met_late":
            return f"{plural(self.days_late, 'day')} late"
        if self.state == "missed":
            return f"{plural(-self.days_left, 'day')} overdue"
        if self.state == "met":
            return None
        return f"{plural(self.days_left, 'day')} left"

    @property
    def words(self) -> str:
        """The state in a sentence's words: "met late, 195 days late", "missed, 30 days overdue", "met"."""
        label = self.state.replace("_", " ")
        return f"{label}, {self.timing}" if self.timing else label


def _state_unmet(due: dt.date, as_of: dt.date, soon_days: int) -> DueState:
    if as_of > due:
        return "missed"
    return "due_soon" if (due - as_of).days <= soon_days else "upcoming"


def _matching(records: Iterable[Record], provision: Provision, body_id: str | None,
              kinds: tuple[str, ...], as_of: dt.date) -> list[Record]:
    return sorted(
        (
            r for r in records
            if not r.withdrawn
            and r.provision_id == provision.id
            and r.kind in kinds
            and r.date <= as_of
            and (body_id is None or r.body_id == body_id)
        ),
        key=lambda r: (r.date, r.id),
    )


@dataclass(frozen=True)
class Report:
    """A news report that a deliverable happened (a roadmap adopted), for deadlines without a record."""

    date: dt.date
    provision_id: str
    body_id: str | None
    ref: dict


def _items_for(agreement: Agreement, provision: Provision, body_id: str | None,
               records: list[Record], as_of: dt.date, soon_days: int, reports: list[Report] = ()) -> Iterator[DueItem]:
    due_rule = provision.due
    assert due_rule is not None and due_rule.duration is not None
    signed = agreement.agreement.signed
    candidates = _matching(records, provision, body_id, due_rule.record_kinds, as_of)
    common = dict(agreement_id=agreement.id, provision_id=provision.id, body_id=body_id, rule=due_rule.rule)

    if not due_rule.recurring:
        due = add_duration(signed, due_rule.duration)
        first = next((r for r in candidates if r.date >= signed), None)
        report = next((r for r in sorted(reports, key=lambda r: r.date)
                       if r.provision_id == provision.id and r.body_id == body_id and signed <= r.date <= as_of), None)
        if report is not None and (first is None or report.date < first.date):
            state: DueState = "met" if report.date <= due else "met_late"
            yield DueItem(**common, due=due, state=state, window_start=signed, occurrence=None, met_on=report.date,
                          met_by_record_id=None, days_left=(due - as_of).days, met_by_report=report.ref)
            return
        if first is None:
            state = _state_unmet(due, as_of, soon_days)
        else:
            state = "met" if first.date <= due else "met_late"
        yield DueItem(**common, due=due, state=state, window_start=signed, occurrence=None,
                      met_on=first.date if first else None,
                      met_by_record_id=first.id if first else None, days_left=(due - as_of).days)
        return

    # Recurring: occurrence k is due at signed + k*rule and is met by a record in
    # (due of k-1, due of k]. Past occurrences are listed, then the next one still open.
    occurrence, window_start = 1, signed + dt.timedelta(days=1)
    while True:
        due = add_duration(signed, due_rule.duration, occurrence)
        inside = next((r for r in candidates if window_start <= r.date <= due), None)
        state = "met" if inside else _state_unmet(due, as_of, soon_days)
        yield DueItem(**common, due=due, state=state, window_start=window_start, occurrence=occurrence,
                      met_on=inside.date if inside else None,
                      met_by_record_id=inside.id if inside else None, days_left=(due - as_of).days)
        if due >= as_of:
            return
        occurrence, window_start = occurrence + 1, due + dt.timedelta(days=1)


def compute_deadlines(agreement: Agreement, records: Iterable[Record], as_of: dt.date,
                      *, due_soon_days: int = DUE_SOON_DAYS, reports: Iterable[Report] = ()) -> list[DueItem]:
    """Every due item of the agreement with its state on ``as_of``.

    A record counts only from its own date on, so moving ``as_of`` earlier never shows a later
    record. Withdrawn records never count.

    :param agreement: the agreement whose mechanisms carry ``due`` rules
    :param records: the secretariats' records (any agreement; others are ignored)
    :param as_of: the day to judge on
    :param due_soon_days: how close an unmet due date must be to be ``due_soon``
    :param reports: news reports of a delivered deliverable; they meet one-off items like records do
    """
    mine = [r for r in records if r.agreement_id == agreement.id]
    reports = [r for r in reports if r.date <= as_of]
    items: list[DueItem] = []
    for provision in agreement.provisions:
        if provision.due is None or provision.due.duration is None:
            continue
        bodies = [b.id for b in agreement.bodies_for(provision)] if provision.due.per_body else [None]
        for body_id in bodies:
            items.extend(_items_for(agreement, provision, body_id, mine, as_of, due_soon_days, reports))
    return sorted(items, key=lambda i: (i.due, i.provision_id, i.body_id or ""))


#: Past occurrences of a recurring rule shown on a table or chart; the rest are counted.
SHOWN_OCCURRENCES = 12


def recent_occurrences(items: list[DueItem], keep: int = SHOWN_OCCURRENCES) -> tuple[list[DueItem], list[str]]:
    """The items to show in a table: every one-off item, and the last ``keep`` occurrences of each
    recurring rule; plus a sentence per rule whose earlier occurrences were left out ("occurrences
    #1–#46349 of mechanism.annual_meeting: 0 met, 46349 missed"). JSON always lists everything."""
    groups: dict[tuple, list[DueItem]] = {}
    for item in items:
        if item.recurring:
            groups.setdefault((item.provision_id, item.body_id), []).append(item)
    hidden: set[int] = set()
    notes = []
    for (provision_id, body_id), occurrences in groups.items():
        if len(occurrences) <= keep:
            continue
        earlier = sorted(occurrences, key=lambda i: i.occurrence)[:-keep]
        hidden.update(id(i) for i in earlier)
        met = sum(1 for i in earlier if i.state == "met")
        notes.append(f"occurrences #{earlier[0].occurrence}–#{earlier[-1].occurrence} of {provision_id}"
                     f"{f' ({body_id})' if body_id else ''} not shown: {met} met, {len(earlier) - met} missed")
    return [i for i in items if id(i) not in hidden], notes
