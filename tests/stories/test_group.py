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


def test_reports_of_a_signing_on_the_day_are_one_story_whatever_their_names_and_words():
    from charterwatch.agreement import load_bundled_agreement
    from charterwatch.stories.group import signing_event

    charter = load_bundled_agreement()
    day = charter.agreement.signed
    lead = ["Baku, 10 February — Azerbaijan and the United States signed the Strategic Partnership Charter on Tuesday."]
    assert signing_event(charter, title=None, paragraphs=lead, published=day) == "signed:az-us-charter-2026"
    assert signing_event(charter, title="Vance in Baku", paragraphs=lead, published=day + dt.timedelta(days=1)) is None
    assert signing_event(charter, title=None, paragraphs=lead, published=None) is None
    # undated: only a title that tells of the signing makes it a report of the day
    assert signing_event(charter, title="Vance in Baku", paragraphs=lead, published=None) is None
    assert signing_event(charter, title="Azerbaijan and US sign charter", paragraphs=lead,
                         published=None) == "signed:az-us-charter-2026"
    assert signing_event(charter, title="Azerbaycan ve ABD'den tarihi stratejik ortaklık imzası", paragraphs=lead,
                         published=None) == "signed:az-us-charter-2026"
    deep = ["Vance arrived in Baku.", "He met the president.", *lead]
    assert signing_event(charter, title="Vance in Baku", paragraphs=deep, published=day) is None

    key = signing_event(charter, title=None, paragraphs=lead, published=day)
    boats = StoryItem(1, day, "en", "Wire", frozenset({"jd-vance", key}), vec(1, 0, 0))
    clauses = StoryItem(2, day, "ru", "Лента", frozenset({"tripp", key}), vec(0, 1, 0))
    other = StoryItem(3, day, "en", "Wire", frozenset({"jd-vance"}), vec(1, 0, 0))
    assert [s.originals for s in group_stories([boats, clauses, other])] == [(1, 2), (3,)]


def test_an_undated_report_of_the_signatories_signing_on_the_weekday_of_the_signing_is_one_of_the_day():
    from charterwatch.agreement import load_bundled_agreement
    from charterwatch.stories.group import signing_event

    charter = load_bundled_agreement()
    week = ["Vance arrived in Baku on Tuesday and met President Aliyev; the two leaders then signed a charter "
            "on a strategic partnership."]
    assert signing_event(charter, title="Vance meets Aliyev in Baku", paragraphs=week,
                         published=None) == "signed:az-us-charter-2026"
    # another weekday, no act of signing, or the countries without their signatories: not the day's report
    for title, lead in (("Vance meets Aliyev in Baku", week[0].replace("Tuesday", "Monday")),
                        ("Vance meets Aliyev in Baku", week[0].replace("signed", "discussed")),
                        ("A new partnership", "Azerbaijan and the United States signed a charter on Tuesday.")):
        assert signing_event(charter, title=title, paragraphs=[lead], published=None) is None
    # dated reports are placed by their date, never by a weekday
    assert signing_event(charter, title="Vance meets Aliyev in Baku", paragraphs=week,
                         published=charter.agreement.signed + dt.timedelta(days=7)) is None


def test_an_undated_report_of_a_later_signing_is_not_one_of_the_agreement_it_grew_from():
    from charterwatch.agreement import load_bundled_agreement
    from charterwatch.stories.group import signing_event, signing_events

    charter, memorandum = load_bundled_agreement(), load_bundled_agreement("az-us-mou-2025")
    lead = ["Vance and Aliyev signed the Strategic Partnership Charter, which grew out of the memorandum of "
            "understanding signed in Washington on 8 August, establishing a working group to prepare the charter."]
    title = "Azerbaijan and the US sign a charter"
    both = [charter, memorandum]
    assert signing_event(memorandum, title=title, paragraphs=lead, published=None) == "signed:az-us-mou-2025"
    assert signing_events(both, title=title, paragraphs=lead, published=None) == {"signed:az-us-charter-2026"}
    assert signing_events([memorandum], title=title, paragraphs=lead, published=None) == {"signed:az-us-mou-2025"}
    # dated, the day decides: the charter's day is not the memorandum's
    assert signing_events(both, title=title, paragraphs=lead, published=charter.agreement.signed) == {
        "signed:az-us-charter-2026"}


def _topic(i: int) -> np.ndarray:
    # news about one country shares most of its embedding: paragraphs on different subjects are at 0.69
    v = np.zeros(8)
    v[0], v[i] = 1.5, 1.0
    return v / np.linalg.norm(v)


def _report(document_id, subjects, language, *, day=dt.date(2026, 2, 10)):
    paragraphs = np.array([_topic(s) for s in subjects])
    mean = paragraphs.mean(axis=0)
    return StoryItem(document_id, day, language, f"Outlet {document_id}", frozenset({"jd-vance", "ilham-aliyev"}),
                     mean / np.linalg.norm(mean), paragraphs=paragraphs)


def test_a_report_that_bridges_two_events_does_not_chain_them_into_one_story():
    from charterwatch.stories.group import pair_probability

    boats = _report(1, [1, 2, 3], "en")
    roundup = _report(2, [1, 2, 3, 4, 5, 6], "ru")      # tells both events
    minerals = _report(3, [4, 5, 6], "az")
    assert pair_probability(boats, roundup) > 0.9 and pair_probability(roundup, minerals) > 0.9
    assert pair_probability(boats, minerals) < 0.1
    assert [s.originals for s in group_stories([minerals, roundup, boats])] == [(1, 2), (3,)]


def test_an_undated_report_joins_only_on_decisive_evidence():
    dated = _report(1, [1, 2, 3], "en")
    translation = _report(2, [1, 2, 3], "ru", day=None)
    same_subject = _report(3, [1, 4, 5], "az", day=None)
    assert [s.originals for s in group_stories([dated, translation, same_subject])] == [(1, 2), (3,)]


def test_an_undated_report_naming_the_day_and_the_parties_under_a_signing_title_is_of_the_signing():
    from charterwatch.agreement import load_bundled_agreement
    from charterwatch.stories.group import names_every_party, signing_event

    charter = load_bundled_agreement()
    title = "Azerbaycan-ABD imzayı attı: Zengezur resmen TRIPP oldu"
    lead = ["ABD Başkan Yardımcısı Vance, 10 Şubat Salı günü Bakü'de Cumhurbaşkanı Aliyev tarafından kabul edildi.",
            "Görüşmelerin ardından iki lider basına açıklama yaptı."]
    assert names_every_party(charter, title + " " + lead[0])
    assert not names_every_party(charter, "Azerbaycan'da yeni bir park açıldı.")
    assert signing_event(charter, title=title, paragraphs=lead, published=None) == "signed:az-us-charter-2026"
    # another day, no signing in the title, or one party only: not the signing's report
    other_day = [lead[0].replace("10 Şubat", "12 Şubat"), lead[1]]
    assert signing_event(charter, title=title, paragraphs=other_day, published=None) is None
    assert signing_event(charter, title="Vance Bakü'de", paragraphs=lead, published=None) is None
    alone = ["Ermenistan Başbakanı, 10 Şubat Salı günü Erivan'da konuştu.", lead[1]]
    assert signing_event(charter, title="Ermenistan imzayı attı", paragraphs=alone, published=None) is None


def test_the_reports_of_a_signing_are_one_part_compared_by_the_dated_ones():
    """An undated report joined to the signing by its title alone, about other things, does not keep
    the day's press-conference report out of the signing's story."""
    key = "signed:az-us-charter-2026"
    first = _report(1, [1, 2, 3], "en")
    second = _report(2, [1, 2, 3], "az")
    undated = StoryItem(3, None, "tr", "Outlet 3", frozenset({key}), _topic(6), paragraphs=np.array([_topic(6), _topic(7)]))
    first = StoryItem(1, first.published, "en", first.outlet, first.entities | {key}, first.vector, paragraphs=first.paragraphs)
    second = StoryItem(2, second.published, "az", second.outlet, second.entities | {key}, second.vector,
                       paragraphs=second.paragraphs)
    press = _report(4, [1, 2, 3], "ru")
    from charterwatch.stories.group import pair_probability

    assert pair_probability(press, first) > 0.9 and pair_probability(press, undated) < 0.1
    assert [s.originals for s in group_stories([first, second, undated, press])] == [(1, 2, 4, 3)]
