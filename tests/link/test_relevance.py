"""The relevance gate: a document is about an agreement only when it concerns its parties and its
subject, within its time frame."""

from __future__ import annotations

import datetime as dt

import pytest

from charterwatch.agreement import load_bundled_agreement
from charterwatch.entities.mentions import Lexicon, find_mentions
from charterwatch.link.relevance import NAMED_SUPPORT, document_relevance, on_topic, party_entities, predecessor_patterns

CHARTER = load_bundled_agreement()
MOU = load_bundled_agreement("az-us-mou-2025")
LEXICON = Lexicon.from_agreement(CHARTER)
PARTIES = party_entities([CHARTER, MOU])


def verdict(text: str, published: dt.date | None, agreement=CHARTER):
    earlier = predecessor_patterns(agreement, MOU if agreement is CHARTER else None)
    return document_relevance(agreement, text=text, published=published, mentions=find_mentions(text, LEXICON),
                              party_of=PARTIES, project_entities={"tripp", "middle-corridor"}, earlier=earlier)


@pytest.mark.parametrize("text", [
    "The United States and China agreed new export rules for artificial intelligence chips and data centres.",
    "Türkiye ile Birleşik Krallık gümrük işlemlerini kolaylaştırmak için yeni bir anlaşma imzaladı.",
    "Armenia and the European Union discussed railway links and customs reform in Yerevan.",
])
def test_news_about_others_is_not_about_the_charter(text):
    result = verdict(text, dt.date(2026, 3, 2))
    assert not result.relevant and result.score == 0.0


@pytest.mark.parametrize("text", [
    "Azerbaijan and the United States will build AI data centres together, officials in Baku said.",
    "Xartiya çərçivəsində enerji üzrə işçi qrup ilk iclasını keçirib.",
    "Armenia sent Washington its comments on the TRIPP agreement, Pashinyan said; Azerbaijan welcomed it.",
])
def test_news_about_the_parties_or_the_charter_passes(text):
    result = verdict(text, dt.date(2026, 3, 2))
    assert result.relevant and result.score > 0, result.reason


def test_before_the_signing_is_background_not_evidence():
    text = "Azerbaijan and the United States discussed defence cooperation."
    assert not verdict(text, dt.date(2025, 11, 3)).relevant
    assert "before the signing" in verdict(text, dt.date(2025, 11, 3)).reason
    # the same report is about the memorandum, signed on 8 August 2025
    assert verdict(text, dt.date(2025, 11, 3), MOU).relevant


def test_an_undated_report_on_drafting_belongs_to_the_memorandum():
    text = ("The Strategic Working Group held its session on the draft Charter on Strategic Partnership between "
            "Azerbaijan and the United States.")
    assert not verdict(text, None).relevant
    assert verdict(text, None, MOU).relevant
    # undated but after the fact: a report of the signed Charter passes on its content
    assert verdict("Azerbaijan and the United States signed the Strategic Partnership Charter in Baku.", None).relevant


def test_naming_the_agreement_in_passing_is_not_on_topic():
    assert on_topic(True, False, True, 0.0)                      # evidence
    assert on_topic(True, True, False, NAMED_SUPPORT)            # named, and a paragraph might be evidence
    assert not on_topic(True, True, False, NAMED_SUPPORT / 2)    # named in passing
    assert on_topic(True, True, False, None)                     # stored before support was measured
    assert not on_topic(False, True, True, 1.0)                  # the gate refused it


PRESS_CONFERENCE = ("After their talks in Baku, Vance passed on President Trump's greetings to Aliyev and recalled "
                    "that Azerbaijani troops were among the last to leave Afghanistan.")


@pytest.mark.parametrize(("text", "published", "covers"), [
    (PRESS_CONFERENCE, dt.date(2026, 2, 10), True),                     # the signatories met that day
    (PRESS_CONFERENCE, dt.date(2026, 2, 12), True),                     # a next-day paper, two days on
    (PRESS_CONFERENCE, dt.date(2026, 2, 13), False),                    # after the signing's coverage
    (PRESS_CONFERENCE, None, False),                                    # no date: no day to place it on
    ("Azerbaijan and the United States held talks in Baku on Tuesday.", dt.date(2026, 2, 10), False),  # countries only
    ("Vance met Pashinyan in Yerevan and praised the peace with Azerbaijan.", dt.date(2026, 2, 10), False),
])
def test_the_signings_own_coverage_names_a_person_for_each_party_at_the_signing(text, published, covers):
    result = verdict(text, published)
    assert result.relevant or not covers
    assert result.at_signing is covers
    # the signing's coverage is on topic with no link and no name of the agreement; other reports are not
    assert on_topic(result.relevant, result.names_agreement, False, 0.0, result.at_signing) is covers

