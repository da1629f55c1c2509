"""ISO-8601 calendar durations (``P3M``, ``P1Y``, ``P2W``) and month-end-safe date arithmetic.

Deadlines in agreements are whole days, so only the date part of ISO-8601 is accepted; ``PT5H``
is rejected rather than silently rounded. Adding months clamps to the last day of the target
month (31 Jan + P1M = 28/29 Feb), which is how treaty texts and courts count "within one month".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

_DURATION = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True)
class CalendarDuration:
    """A parsed date-only ISO-8601 duration."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.weeks or self.days)

    def as_relativedelta(self, times: int = 1) -> relativedelta:
        return relativedelta(
            years=self.years * times,
            months=self.months * times,
            days=(self.weeks * 7 + self.days) * times,
        )


def parse_duration(text: str) -> CalendarDuration:
    """Parse ``PnYnMnWnD``; raise ``ValueError`` with a one-line reason otherwise.

    :param text: e.g. ``"P3M"``
    """
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"{text!r} is not an ISO-8601 duration (expected e.g. P3M, P1Y, P30D)")
    if any(g and len(g) > 6 for g in match.groups()):
        raise ValueError(f"{text!r} is out of range (at most 6 digits per part)")
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    if years > 1000 or months > 12_000 or weeks > 52_000 or days > 365_000:
        raise ValueError(f"{text!r} is out of range (a deadline within 1000 years)")
    duration = CalendarDuration(years, months, weeks, days)
    if duration.is_zero:
        raise ValueError(f"{text!r} is a zero duration; a deadline must lie after its anchor")
    return duration


def add_duration(anchor: date, duration: CalendarDuration, times: int = 1) -> date:
    """The date ``times`` durations after ``anchor``, counted from the anchor each time.

    Counting from the anchor (not chaining) keeps the day of month: 31 Jan + 2×P1M is 31 Mar,
    whereas chaining would give 28 Mar.

    :param anchor: the starting date (e.g. the signing date)
    :param duration: the step
    :param times: how many steps; 0 returns the anchor
    """
    return anchor + duration.as_relativedelta(times)


_UNITS = (("years", "year"), ("months", "month"), ("weeks", "week"), ("days", "day"))


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 passage``, ``2 passages``: the count with its noun in the right number."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def duration_words(rule: str, *, recurring: bool = False) -> str:
    """A rule as a reader says it: ``P3M`` → "3 months", recurring ``P1Y`` → "every year",
    recurring ``P6M`` → "every 6 months"; ``none`` → "no deadline"."""
    if rule == "none":
        return "no deadline"
    duration = parse_duration(rule)
    parts = [(getattr(duration, field), unit) for field, unit in _UNITS if getattr(duration, field)]
    if recurring:
        if len(parts) == 1 and parts[0][0] == 1:
            return f"every {parts[0][1]}"
        return "every " + " and ".join(plural(n, unit) for n, unit in parts)
    return " and ".join(plural(n, unit) for n, unit in parts)
