"""Dates: from the input, metadata, the URL or a dateline, never the ingest day; yearless only when certain."""

from __future__ import annotations

import datetime as dt

import pytest

from charterwatch.text.dates import date_from_url, find_document_date

AS_OF = dt.date(2026, 11, 25)


def find(lines=(), url=None, html=None, given=None, given_source=None):
    return find_document_date(given=given, given_source=given_source, html=html, url=url, lines=list(lines), as_of=AS_OF)


@pytest.mark.parametrize("line, expected", [
    ("Baku, 10 February 2026 — Azerbaijan and the United States signed", "2026-02-10"),
    ("  • 11 February, 2026", "2026-02-11"),
    ("Вашингтон, 19 декабря 2025 года — Высокопоставленные представители", "2025-12-19"),
    ("Bakı, 21 yanvar 2026 — Ötən ilin avqustunda", "2026-01-21"),
    ("Ankara, 13 Şubat 2026 — Azerbaycan ile ABD", "2026-02-13"),
    ("Posted 2026-02-11 14:00", "2026-02-11"),
    ("Feb 10, 2026 (Sample Wire) — text follows", "2026-02-10"),
])
def test_datelines(line, expected):
    finding = find([line])
    assert (finding.date.isoformat(), finding.source) == (expected, "text")


def test_a_date_deep_in_a_sentence_is_not_a_dateline():
    finding = find(["The memorandum that the two sides signed in Washington on 8 August 2025 set up a group."])
    assert finding.date is None


def test_yearless_dateline_is_undateable_without_another_signal():
    finding = find(["BAKU, December 19. The embassy said the group met."])
    assert finding.date is None and finding.source is None
    assert "has no year" in finding.note


def test_yearless_dateline_takes_the_year_from_the_url():
    finding = find(["BAKU, December 19. The embassy said the group met."], url="https://news.example.az/2025/politics/123")
    assert (finding.date, finding.source) == (dt.date(2025, 12, 19), "text")
    assert "year 2025 from the URL" in finding.note


@pytest.mark.parametrize("url, expected", [
    ("https://n.example.org/2026/01/22/working-group", dt.date(2026, 1, 22)),
    ("https://n.example.org/news/2026-02-10-charter", dt.date(2026, 2, 10)),
    ("https://n.example.org/20260210/charter", dt.date(2026, 2, 10)),
    ("https://n.example.org/2026/13/40/x", None),
    ("https://n.example.org/news/charter", None),
])
def test_url_dates(url, expected):
    assert date_from_url(url) == expected


def test_html_metadata_beats_url_and_text():
    html = ('<html><head><meta property="article:published_time" content="2026-02-12T10:00:00+04:00"></head>'
            '<body><p>Baku, 10 February 2026 — text</p></body></html>')
    finding = find(["Baku, 10 February 2026 — text"], url="https://x.example/2026/02/11/a", html=html)
    assert (finding.date, finding.source) == (dt.date(2026, 2, 12), "meta")


def test_given_date_first_and_future_dates_refused():
    assert find(given=dt.date(2026, 2, 10), given_source="feed").source == "feed"
    finding = find(["Baku, 10 February 2027 — text"], given=dt.date(2027, 1, 1), given_source="given")
    assert finding.date is None
    assert "given date 2027-01-01 is after 2026-11-25" in finding.note


def test_nothing_means_undateable_never_today():
    finding = find(["A commentary without any date at all, about the charter."])
    assert (finding.date, finding.source, finding.note) == (None, None, "no date in metadata, URL or dateline")


@pytest.mark.parametrize(("page", "expected"), [
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "20180619T055000+0900"}</script>',
     dt.date(2018, 6, 19)),                              # the compact form, the publisher's local day
    ('{"datePublished":"2026-02-10T23:30:00Z","dateModified":"2026-02-12"}', dt.date(2026, 2, 10)),
    ('{"datePublished": "2026-02-10"}', dt.date(2026, 2, 10)),
    ('{"datePublished": "yesterday morning"}', None),
    ("<p>no structured data</p>", None),
])
def test_json_ld_date_published(page, expected):
    from charterwatch.text.dates import date_from_json_ld

    assert date_from_json_ld(page) == expected


def test_days_a_text_names_are_read_in_the_given_year():
    from charterwatch.text.dates import days_named

    text = "Vance, 10 Şubat Salı günü Bakü'de; the memorandum of August 8 and 19 dekabr 2025; 10 февраля."
    assert days_named(text, 2026) == {dt.date(2026, 2, 10), dt.date(2026, 8, 8), dt.date(2025, 12, 19)}
    assert days_named("No date here, only Tuesday.", 2026) == set()


@pytest.mark.parametrize(("text", "days"), [
    ("Vance arrived in Baku on Tuesday.", {1}),
    ("Документ подписали во вторник, а в среду Вэнс улетел.", {1, 2}),
    ("Sənəd çərşənbə axşamı imzalanıb; çərşənbə günü nümayəndə heyəti yola düşüb.", {1, 2}),
    ("Cuma günü görüştüler, Cumartesi döndüler.", {4, 5}),
    ("Salıncak and Tuesdays are not weekdays named.", set()),
])
def test_weekdays_a_text_names(text, days):
    from charterwatch.text.dates import weekdays_named

    assert weekdays_named(text) == days
