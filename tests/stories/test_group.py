"""Stories: same event within days and sharing names joins; copies join their original; else apart."""

from __future__ import annotations

import datetime as dt

import numpy as np

from charterwatch.stories import StoryItem, group_stories


def vec(*values):
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_reports_of_one_event_form_one_story_with_copies_counted_once():
    a = StoryItem(1, dt.date(2026, 2, 10), "en", "Wire", frozenset({"jd-vance", "ilham-aliyev"}), vec(1, 0.1, 0),
                  copies=((5, "ru", "Copy Daily", dt.date(2026, 2, 10)),))
    b = StoryItem(2, dt.date(2026, 2, 11), "az", "Xəbər", frozenset({"jd-vance", "ilham-aliyev", "tripp"}), vec(1, 0.2, 0))
    c = StoryItem(3, dt.date(2026, 2, 11), "en", "Other", frozenset({"tripp"}), vec(0, 1, 0))
    d = StoryItem(4, dt.date(2026, 3, 1), "en", "Late", frozenset({"jd-vance", "ilham-aliyev"}), vec(1, 0.1, 0))
    stories = group_stories([a, b, c, d])
    first = stories[0]
    assert (first.originals, first.document_ids) == ((1, 2), (1, 2, 5))
    assert (first.sources, first.languages, first.first_seen, first.last_seen) == (2, ("az", "en", "ru"), dt.date(2026, 2, 10), dt.date(2026, 2, 11))
    assert [s.originals for s in stories[1:]] == [(3,), (4,)]
