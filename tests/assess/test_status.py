"""The status rules, one by one, and the properties every assessment must keep."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from charterwatch.assess.status import Observation, assess_provision

D = dt.date


def news(day, event, source, score=0.7, ref=None):
    return Observation(day, event, "news", source, score, None, ref or {"kind": "passage", "source": source, "day": str(day)})


def record(day, event):
    return Observation(day, event, "record", f"record {day}", 1.0, None, {"kind": "record", "day": str(day)})


def statuses(history):
    return [(c.status, c.since) for c in history]


def test_a_strong_announcement_moves_a_weak_or_passing_one_does_not():
    assert statuses(assess_provision([news(D(2026, 2, 10), "announced", "Wire")], D(2026, 3, 1))) == [
        ("announced", D(2026, 2, 10))]
    assert assess_provision([news(D(2026, 2, 10), "announced", "Wire", score=0.2)], D(2026, 3, 1)) == []
    assert assess_provision([news(D(2026, 2, 10), "mentioned", "Wire", score=1.0)], D(2026, 3, 1)) == []


def test_delivered_needs_a_record_or_two_independent_sources():
    one = [news(D(2026, 3, 1), "delivered", "Wire")]
    assert assess_provision(one, D(2026, 4, 1)) == []
    two = one + [news(D(2026, 3, 3), "delivered", "Daily")]
    assert statuses(assess_provision(two, D(2026, 4, 1))) == [("delivered", D(2026, 3, 3))]
    same_outlet = one + [news(D(2026, 3, 3), "delivered", "Wire")]
    assert assess_provision(same_outlet, D(2026, 4, 1)) == []
    assert statuses(assess_provision([record(D(2026, 3, 1), "delivered")], D(2026, 4, 1))) == [("delivered", D(2026, 3, 1))]


def test_stalled_by_a_missed_deadline_then_back_in_progress():
    history = assess_provision([news(D(2026, 2, 10), "announced", "Wire"), record(D(2026, 6, 1), "meeting_held")],
                               D(2026, 7, 1), missed_deadlines=[D(2026, 5, 10)])
    assert [(c.status, c.since, c.ordinal) for c in history] == [
        ("announced", D(2026, 2, 10), 1), ("stalled", D(2026, 5, 11), 1), ("in_progress", D(2026, 6, 1), 2)]
    assert history[1].grounds == history[0].grounds  # a stall cites what the provision had reached
    assert history[1].reason == "Stalled: the deadline of 2026-05-10 passed without delivery."
    assert history[2].reason == "In progress again after the stall: a meeting recorded by the secretariat (record 2026-06-01)."


def test_work_in_progress_then_quiet_is_stalled_an_announcement_alone_is_not():
    started = [news(D(2026, 2, 10), "announced", "Wire"), news(D(2026, 3, 1), "started", "Wire")]
    history = assess_provision(started, D(2026, 12, 1), stall_after_days=90)
    assert statuses(history) == [("announced", D(2026, 2, 10)), ("in_progress", D(2026, 3, 1)),
                                 ("stalled", D(2026, 5, 30))]
    assert history[-1].reason == "Stalled: nothing new for 90 days after the last report of progress on 2026-03-01."
    # only announced: quiet is not stalled, however long
    assert statuses(assess_provision(started[:1], D(2027, 12, 1), stall_after_days=90)) == [("announced", D(2026, 2, 10))]
    # a reaffirmation (or anything not stalled by quiet) stays in progress
    assert assess_provision(started, D(2027, 12, 1), stall_after_days=90, stalls_when_quiet=False)[-1].status == "in_progress"


def test_a_deadline_met_late_keeps_its_stall_and_says_how_late():
    history = assess_provision([news(D(2026, 2, 10), "announced", "Wire"), record(D(2026, 11, 21), "delivered")],
                               D(2026, 12, 1), missed_deadlines=[D(2026, 5, 10)])
    assert statuses(history) == [("announced", D(2026, 2, 10)), ("stalled", D(2026, 5, 11)), ("delivered", D(2026, 11, 21))]
    assert history[2].reason.startswith("Delivered late, 195 days after the deadline of 2026-05-10: delivery recorded")


def test_what_never_ends_is_never_delivered():
    obs = [record(D(2026, 3, 1), "delivered")]
    assert statuses(assess_provision(obs, D(2026, 4, 1), top="in_progress")) == [("in_progress", D(2026, 3, 1))]


def test_an_earlier_as_of_sees_nothing_later():
    obs = [news(D(2026, 2, 10), "announced", "Wire"), record(D(2026, 6, 1), "delivered")]
    assert statuses(assess_provision(obs, D(2026, 5, 31))) == [("announced", D(2026, 2, 10))]


sources = st.sampled_from(["Wire", "Daily", "Herald", "Xəbər"])
events = st.sampled_from(["announced", "agreed", "meeting_held", "funded", "started", "delivered", "stalled", "mentioned"])
days = st.dates(min_value=D(2026, 2, 10), max_value=D(2027, 6, 1))
observation = st.builds(lambda d, e, s, sc, off: record(d, e) if off else news(d, e, s, sc),
                        days, events, sources, st.floats(0, 1), st.booleans())


@settings(max_examples=80, deadline=None)
@given(st.lists(observation, max_size=12), days, st.lists(days, max_size=2))
def test_properties(observations, as_of, missed):
    history = assess_provision(observations, as_of, missed_deadlines=missed)
    # monotone in time, nothing after as_of, and every change cites something
    assert all(a.since <= b.since for a, b in zip(history, history[1:]))
    assert all(c.since <= as_of for c in history)
    assert all(c.grounds for c in history)
    # a copy of an existing report (same source, same day) changes nothing
    if observations:
        first = observations[0]
        copy = Observation(first.date, first.event, first.kind, first.source, first.score, first.body_id, first.ref)
        assert assess_provision([*observations, copy], as_of, missed_deadlines=missed) == history
    # without evidence, nothing moves, except that a step overdue is stalled (citing its due date)
    bare = assess_provision([], as_of, missed_deadlines=missed)
    assert [c.status for c in bare] == (["stalled"] if any(d < as_of for d in missed) else [])
    # a reaffirmation's rules (not stalled by quiet, never delivered, no deadlines): stalled only when reported
    upheld = assess_provision(observations, as_of, stalls_when_quiet=False, top="in_progress")
    assert "delivered" not in {c.status for c in upheld}
    assert all(c.grounds and any(g.get("kind") != "deadline" for g in c.grounds) for c in upheld if c.status == "stalled")


@settings(max_examples=40, deadline=None)
@given(st.lists(observation, max_size=10), days, days)
def test_history_up_to_an_earlier_day_is_a_prefix(observations, a, b):
    early, late = min(a, b), max(a, b)
    before = assess_provision(observations, early, stall_after_days=10_000)
    after = assess_provision(observations, late, stall_after_days=10_000)
    assert after[:len(before)] == before
