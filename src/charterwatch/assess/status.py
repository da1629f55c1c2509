"""``assess_provision(...)``: a provision's status over time, from its evidence, by written rules.

The scale maps onto the Peace Accords Matrix's 0–3 ordinal:

| status | ordinal | reached by |
|---|---|---|
| no_evidence | 0 | nothing yet |
| announced | 1 | an `announced` or `agreed` event |
| in_progress | 2 | a `meeting_held`, `funded` or `started` event |
| delivered | 3 | an event in the provision's `delivered_by` (default `delivered`) |
| stalled | the level reached | a `stalled` event; a missed deadline (mechanisms with one); work in progress with nothing new for `stall_after_days` (commitments) |

What each kind of provision can reach and what stalls it is the codebook's
(:mod:`charterwatch.assess.codebook`, ``docs/codebook.md``).

Who may move a status (copies never count: observations come from originals only):
- an *official* observation alone — a secretariat record, or a dated fact of the agreement file;
- news: two independent sources (different outlets) reporting the level within a fortnight, or
  one strong passage (score >= STRONG_SCORE) for `announced` and `in_progress`. `delivered` from
  news always needs two independent sources. A weak passage — a `mentioned` one (in passing, an
  opinion, a hedge) or one scoring under STRONG_SCORE — never moves anything on its own.
A status moves up a level, or to `stalled`, or back from `stalled` to the level new evidence shows.
Only observations dated on or before ``as_of`` are seen; undated ones can't be placed in time.
Pure: observations and deadlines in, history out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from charterwatch.agreement.duration import plural

STATUSES = ("no_evidence", "announced", "in_progress", "delivered", "stalled")
ORDINAL = {"no_evidence": 0, "announced": 1, "in_progress": 2, "delivered": 3}
EVENT_LEVEL = {"announced": "announced", "agreed": "announced", "meeting_held": "in_progress", "funded": "in_progress",
               "started": "in_progress", "delivered": "delivered"}
#: One news passage scoring at least this (and reporting an act or plan, not a passing mention) may
#: move a status alone. Links already passed the linker's rank filter; this keeps out passages that
#: barely did (one keyword, a distant rank, a plan rather than an act).
STRONG_SCORE = 0.3
#: Two sources corroborate each other when they report within this many days.
CORROBORATION_DAYS = 14
#: Work in progress on a commitment, this long without anything new, is stalled.
STALL_AFTER_DAYS = 180


@dataclass(frozen=True)
class Observation:
    """One dated piece of evidence for a provision (and maybe one body)."""

    date: dt.date
    event: str
    kind: str                      # record | timeline | news
    source: str                    # the independent source: outlet, or "record #3", "agreement file"
    score: float = 1.0
    body_id: str | None = None
    ref: dict = field(default_factory=dict)   # what to cite: document id, quote, language, record id

    @property
    def official(self) -> bool:
        return self.kind in ("record", "timeline")


@dataclass(frozen=True)
class StatusChange:
    status: str
    ordinal: int
    since: dt.date
    reason: str
    grounds: tuple[dict, ...]      # the observations' refs behind the change


#: How a reason names what was reported.
EVENT_WORDS = {"announced": "an announcement", "agreed": "an agreement", "meeting_held": "a meeting",
               "funded": "funding", "started": "work starting", "delivered": "delivery", "stalled": "a halt"}
STATUS_WORDS = {"no_evidence": "No evidence", "announced": "Announced", "in_progress": "In progress",
                "delivered": "Delivered", "stalled": "Stalled"}


def _level(observation: Observation, delivered_by: tuple[str, ...], top: str) -> str | None:
    if observation.event in delivered_by:
        level = "delivered"
    elif observation.event == "stalled":
        return "stalled"
    else:
        level = EVENT_LEVEL.get(observation.event)
        if level == "delivered":
            level = "announced"    # a `delivered` not in delivered_by is progress claimed
    if level == "delivered" and top != "delivered":
        return "in_progress"       # what never ends (a reaffirmation, a yearly meeting) is acted on, not finished
    return level


def _enough(level: str, seen: list[Observation], observation: Observation) -> list[Observation] | None:
    """The observations that together may move a status to ``level`` on this observation's date, or None."""
    if observation.official:
        return [observation]
    window = [o for o in seen if not o.official and abs((o.date - observation.date).days) <= CORROBORATION_DAYS
              and o.source != observation.source]
    if window:
        return [observation, window[-1]]
    if level in ("announced", "in_progress") and observation.score >= STRONG_SCORE:
        return [observation]
    return None


def _who(observation: Observation, grounds: list[Observation]) -> str:
    """Who reported it, as the end of a sentence."""
    if observation.kind == "record":
        return f"recorded by the secretariat ({observation.source})"
    if observation.kind == "timeline":
        return "dated in the agreement file"
    return "reported by " + " and ".join(sorted({g.source for g in grounds}))


def assess_provision(observations: list[Observation], as_of: dt.date, *, delivered_by: tuple[str, ...] = ("delivered",),
                     missed_deadlines: list[dt.date] = (), stall_after_days: int = STALL_AFTER_DAYS,
                     stalls_when_quiet: bool = True, top: str = "delivered") -> list[StatusChange]:
    """The history of one provision (or one body's share of it) up to ``as_of``, oldest first.

    The rules per kind of provision are in :mod:`charterwatch.assess.codebook`; the caller passes
    them in (``stalls_when_quiet``, ``top``, and the due dates missed).

    :param observations: evidence for this provision, any order; later ones than ``as_of`` are ignored
    :param missed_deadlines: due dates this provision had not met on the day (it is stalled from the
        day after); a due date met late is one of them, so the stall stays in the history
    :param stall_after_days: quiet days after which work in progress is stalled
    :param stalls_when_quiet: whether quiet stalls it at all (only commitments; a reaffirmation or an
        obligation not yet due is not stalled by time passing)
    :param top: the highest level it can reach (``in_progress`` for what never ends)
    """
    # The same source saying the same thing the same day again (a copy, a reprint) is not new evidence.
    unique: dict[tuple, Observation] = {}
    for o in observations:
        if o.date <= as_of and o.event != "mentioned":
            unique.setdefault((o.date, o.event, o.kind, o.source, o.body_id), o)
    events = sorted(unique.values(), key=lambda o: (o.date, not o.official, o.source))
    history: list[StatusChange] = []
    status, reached = "no_evidence", "no_evidence"
    last_news: dt.date | None = None
    seen_by_level: dict[str, list[Observation]] = {}
    missed_days = sorted(set(missed_deadlines))
    checkpoints = [d + dt.timedelta(days=1) for d in missed_days if d + dt.timedelta(days=1) <= as_of]

    last_grounds: tuple[dict, ...] = ()

    def change(new_status: str, when: dt.date, reason: str, grounds: list[Observation] | None = None):
        """Record a change; a stall without new evidence cites what the provision had reached."""
        nonlocal status, last_grounds
        ordinal = ORDINAL.get(new_status, ORDINAL.get(reached, 0))
        cited = tuple(o.ref for o in grounds) if grounds else last_grounds
        history.append(StatusChange(new_status, ordinal, when, reason, cited))
        if grounds:
            last_grounds = cited
        status = new_status

    def quiet_until(day: dt.date) -> None:
        if stalls_when_quiet and status == "in_progress" and last_news is not None:
            limit = last_news + dt.timedelta(days=stall_after_days)
            if limit <= day:
                change("stalled", limit, f"Stalled: nothing new for {stall_after_days} days after the last report "
                                         f"of progress on {last_news.isoformat()}.")

    def deadline_passed(day: dt.date) -> None:
        quiet_until(day)
        if status not in ("stalled", "delivered"):
            due = day - dt.timedelta(days=1)
            # with nothing reached yet, the stall cites the due date itself
            cited = None if last_grounds else [Observation(due, "stalled", "timeline", "agreement file", 1.0, None, {
                "kind": "deadline", "date": due.isoformat(), "text": "the due date set by the agreement"})]
            change("stalled", day, f"Stalled: the deadline of {due.isoformat()} passed without delivery.", cited)

    for observation in events:
        while checkpoints and checkpoints[0] <= observation.date:
            deadline_passed(checkpoints.pop(0))
        quiet_until(observation.date)
        level = _level(observation, delivered_by, top)
        if level is None:
            continue
        seen = seen_by_level.setdefault(level, [])
        grounds = _enough(level, seen, observation)
        seen.append(observation)
        if grounds is None:
            continue
        last_news = observation.date
        if level == "stalled":
            if status not in ("stalled", "delivered"):
                change("stalled", observation.date, f"Stalled: a halt {_who(observation, grounds)}.", grounds)
            continue
        if ORDINAL[level] > ORDINAL.get(reached, 0) or (status == "stalled" and ORDINAL[level] >= ORDINAL.get(reached, 0)):
            reached = level if ORDINAL[level] > ORDINAL.get(reached, 0) else reached
            late = [d for d in missed_days if d < observation.date]
            if level == "delivered" and late:
                days = plural((observation.date - late[-1]).days, "day")
                head = f"Delivered late, {days} after the deadline of {late[-1].isoformat()}"
            elif status == "stalled":
                head = f"{STATUS_WORDS[level]} again after the stall"
            else:
                head = STATUS_WORDS[level]
            change(level, observation.date, f"{head}: {EVENT_WORDS.get(observation.event, observation.event)} "
                                            f"{_who(observation, grounds)}.", grounds)
    for day in checkpoints:
        deadline_passed(day)
    quiet_until(as_of)
    return history


def current(history: list[StatusChange]) -> StatusChange:
    """The status at the end of a history (``no_evidence`` when empty)."""
    return history[-1] if history else StatusChange("no_evidence", 0, dt.date.min, "no evidence", ())
