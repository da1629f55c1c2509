"""Days a user gives (``--as-of``, ``?as_of=``, ``date_from``…): one parser and one range check for
the CLI and the web, so a bad day is refused with the same line wherever it is typed."""

from __future__ import annotations

import datetime as dt

from charterwatch.errors import CharterwatchError

#: The years any agreement's record can concern (outside them, date arithmetic would overflow).
FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_day(value: str | None, name: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a day, checked; None when nothing was given. ``name`` is how the user typed
    the option (``--as-of``, ``as_of``), for the error line."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CharterwatchError(f"{name} {value!r}: not a date (expected YYYY-MM-DD)") from None
    return plausible(day, name)


def plausible(day: dt.date, name: str) -> dt.date:
    """Refuse days no agreement's record can concern."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise CharterwatchError(f"{name} {day.isoformat()}: out of range (years {FIRST_YEAR} to {LAST_YEAR})")
    return day
