"""ISO-8601 durations and month-end-safe arithmetic, including property tests."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charterwatch.agreement.duration import CalendarDuration, add_duration, parse_duration


@pytest.mark.parametrize("text, expected", [
    ("P3M", CalendarDuration(months=3)), ("P1Y", CalendarDuration(years=1)),
    ("P2W", CalendarDuration(weeks=2)), ("P1Y2M10D", CalendarDuration(1, 2, 0, 10)),
    ("P90D", CalendarDuration(days=90)),
])
def test_parse_valid(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["P3X", "3M", "P", "PT5H", "P1.5M", "p3m", "P-1M", "", "P0M", "none"])
def test_parse_invalid(text):
    with pytest.raises(ValueError):
        parse_duration(text)


@pytest.mark.parametrize("anchor, rule, times, expected", [
    ("2026-01-31", "P1M", 1, "2026-02-28"),
    ("2028-01-31", "P1M", 1, "2028-02-29"),   # leap year
    ("2026-01-31", "P1M", 2, "2026-03-31"),   # counted from the anchor, not chained
    ("2026-02-10", "P3M", 1, "2026-05-10"),   # the Charter's roadmap deadline
    ("2026-02-10", "P1Y", 1, "2027-02-10"),   # the first annual meeting
    ("2024-02-29", "P1Y", 1, "2025-02-28"),
    ("2024-02-29", "P1Y", 4, "2028-02-29"),
    ("2026-08-31", "P6M", 1, "2027-02-28"),
    ("2026-12-25", "P2W", 1, "2027-01-08"),
])
def test_add_duration_examples(anchor, rule, times, expected):
    assert add_duration(dt.date.fromisoformat(anchor), parse_duration(rule), times).isoformat() == expected


dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))


@given(anchor=dates, months=st.integers(1, 240))
def test_adding_months_keeps_the_day_or_clamps_to_month_end(anchor, months):
    result = add_duration(anchor, CalendarDuration(months=months))
    month_index = anchor.year * 12 + anchor.month - 1 + months
    assert (result.year, result.month) == (month_index // 12, month_index % 12 + 1)
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(anchor.day, last_day)


@given(anchor=dates, months=st.integers(1, 24), times=st.integers(1, 30))
def test_occurrences_are_strictly_increasing_and_never_drift(anchor, months, times):
    step = CalendarDuration(months=months)
    occurrences = [add_duration(anchor, step, n) for n in range(times + 1)]
    assert all(a < b for a, b in zip(occurrences, occurrences[1:]))
    # Each occurrence equals one big step from the anchor, so repeated steps never lose days.
    assert occurrences[-1] == add_duration(anchor, CalendarDuration(months=months * times))


@given(anchor=dates, days=st.integers(1, 3650))
def test_day_durations_are_exact(anchor, days):
    assert (add_duration(anchor, CalendarDuration(days=days)) - anchor).days == days
