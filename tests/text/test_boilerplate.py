"""Boilerplate: chrome lines go, content and datelines stay, a body printed twice is kept once."""

from __future__ import annotations

import pytest

from charterwatch.text.boilerplate import drop_repeated_paragraphs, is_chrome, recurring_lines, strip_boilerplate


@pytest.mark.parametrize("line, reason", [
    ("Latest news", "chrome"), ("All News Feed", "chrome"), ("  • Share", "chrome"), ("Son xəbərlər", "chrome"),
    ("Последние новости", "chrome"), ("Son haberler", "chrome"), ("Thank you!", "chrome"),
    ("You can also follow SampleNews on Twitter @sample or Facebook @samplepage", "appeal"),
    ("Choose to support independent journalism and subscribe on a monthly basis.", "appeal"),
    ("Подписывайтесь на наш канал в Telegram", "appeal"), ("Bizi takip edin", "appeal"),
    ("Polise.az", "site name"), ("sample-review.example", "site name"), ("Caliber.Az", "site name"),
    ("Analytics", "section label"), ("  • 11 February, 2026", "date line"), ("  • 14:42", "date line"),
])
def test_chrome_lines(line, reason):
    assert is_chrome(line) == reason


@pytest.mark.parametrize("line", [
    "BAKU, Feb 10 (Sample) – Azerbaijan and the United States signed a charter on Tuesday.",
    "Energy and critical minerals",
    "The working groups are to agree priority projects within three months.",
    "Security and defence cooperation",
    "J.D. Vance arrived in Baku on Monday evening.",
])
def test_content_is_not_chrome(line):
    assert is_chrome(line) is None


def test_outlet_name_alone_is_chrome():
    assert is_chrome("Sample Herald", outlet="Sample Herald") == "site name"
    assert is_chrome("Sample Herald reports that the talks went on.", outlet="Sample Herald") is None


def test_a_body_printed_twice_is_kept_once_with_its_subheadings():
    body = ["Baku, 10 February — The two governments signed the charter in the capital on Tuesday morning.",
            "Energy and minerals",
            "The sides agreed to widen cooperation on oil, gas and electricity over the coming years.",
            "Implementation",
            "Working groups are to agree priority projects and roadmaps within three months of signing."]
    kept, dropped = drop_repeated_paragraphs(body + body)
    assert kept == body and dropped == len(body)


def test_a_heading_used_twice_on_purpose_survives():
    paragraphs = ["Background", "The first paragraph is long enough to count as a real paragraph of prose.",
                  "Background", "A second, different paragraph that is also long enough to be prose here."]
    assert drop_repeated_paragraphs(paragraphs) == (paragraphs, 0)


def test_recurring_lines_of_one_outlet():
    footer = "Sample Herald — independent news since 2009"
    docs = [["Story one is about a port.", footer], ["Story two is about cotton.", footer],
            ["Story three is about a park.", footer]]
    assert recurring_lines(docs) == {"sample herald independent news since 2009"}
    assert recurring_lines(docs[:2]) == set()  # too few documents to tell


def test_strip_boilerplate_counts_reasons():
    kept, removed = strip_boilerplate(
        ["Headline of the story", "Analytics", "The first real paragraph of the story is here and it is long.",
         "Latest news", "Follow us on Telegram for more", "Headline of the story"],
        title="Headline of the story")
    assert kept == ["The first real paragraph of the story is here and it is long."]
    assert removed == {"title repeated": 2, "section label": 1, "chrome": 1, "appeal": 1}
