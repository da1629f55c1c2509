"""Event types: hedged and future statements are never acts; the cue is reported."""

from __future__ import annotations

import pytest

from charterwatch.link.events import classify_event


@pytest.mark.parametrize("text, event", [
    ("The roadmap will be presented next month.", "announced"),
    ("Стороны намерены представить перечни в мае.", "announced"),
    ("Qrup yol xəritəsini təqdim etməyi planlaşdırır.", "announced"),
    ("Bakanlık yeni bir koridor açmayı hedefliyor.", "announced"),
    ("In my view the roadmaps will never be delivered.", "mentioned"),
    ("The energy working group adopted its roadmap on Thursday.", "delivered"),
    ("Washington allocated 20 million dollars for demining.", "funded"),
    ("Construction of the first section began this week.", "started"),
    ("Рабочая группа провела первое заседание в Вашингтоне.", "meeting_held"),
    ("Azərbaycan və ABŞ Xartiya imzalayıb.", "agreed"),
    ("Talks on the sale were postponed indefinitely.", "stalled"),
    ("The charter lists energy among its areas.", "mentioned"),
])
def test_event_types(text, event):
    assert classify_event(text).event == event


def test_future_or_hedged_is_never_delivered():
    for text in ("The corridor will be delivered by 2028.", "Дорожная карта может быть утверждена в мае.",
                 "Yol haritasının Mayıs'ta kabul edilmesi bekleniyor.", "Yol xəritəsi mayda təhvil veriləcək."):
        assert classify_event(text).event in ("announced", "mentioned")


def test_the_cue_is_the_text_that_decided():
    call = classify_event("Officials said the group plans to meet again.")
    assert (call.event, call.cue) == ("announced", "plans to")


@pytest.mark.parametrize("text, event", [
    # "without obstacles" is no obstacle (Turkic privative ending)
    ("Taraflar, Nahçıvan ile engelsiz bağlantıyı sağlayacak bir koridoru destekliyor.", "announced"),
    ("Naxçıvanla maneəsiz əlaqə təmin edilib.", "mentioned"),
    ("The project faces a new obstacle at the border.", "stalled"),
    # the signing is the main act of the ceremony where it happened
    ("«Состоялась церемония подписания Хартии», — сообщил помощник президента.", "agreed"),
    # the text's clauses are what was agreed, whatever tense they are told in
    ("The charter envisages that the parties will set up four working groups.", "agreed"),
    ("Хартия предусматривает создание рабочих групп.", "agreed"),
    # a gap of a few words inside a cue
    ("He made the remarks during the U.S.-Azerbaijan Trade and Business Conference in Washington.", "meeting_held"),
    ("Pashinyan said TRIPP had entered its implementation phase.", "started"),
    ("Azerbaijan is ready to co-invest in data centres with American companies.", "announced"),
])
def test_event_rules_from_real_reporting(text, event):
    assert classify_event(text).event == event


def test_a_listed_clause_is_agreed_only_where_the_document_tells_the_text():
    item = "— Поддержка гуманитарного разминирования через технологии и финансирование."
    assert classify_event(item, describes_text=True).event == "agreed"
    assert classify_event(item).event == "mentioned"
    assert classify_event("Поддержка разминирования остаётся важной темой.", describes_text=True).event == "mentioned"


def test_an_undated_page_is_a_signing_report_only_when_its_title_says_so():
    """Its clauses are then what was agreed; an undated analysis that recalls the signing in its body
    assesses the text, and its sentences about it are opinions (`mentioned`)."""
    import datetime as dt

    from charterwatch.agreement import load_bundled_agreement
    from charterwatch.link.evidence import reports_signing

    charter = load_bundled_agreement()
    body = ["The signing of the Strategic Partnership Charter in Baku opened a new chapter.",
            "One of the most important aspects of the Charter is its foundation on mutual respect for sovereignty."]
    analysis = reports_signing("A new chapter in relations: the Charter as a milestone", body, None, charter)
    report = reports_signing("Azerbaijan and the US sign a strategic partnership charter", body, None, charter)
    dated = reports_signing("A new chapter in relations", body, charter.agreement.signed + dt.timedelta(days=1), charter)
    assert (analysis, report, dated) == (False, True, True)
    assert classify_event(body[1], signing_report=analysis).event == "mentioned"
    assert classify_event(body[1], signing_report=report).event == "agreed"


def test_a_report_of_the_signatories_signing_on_the_day_is_a_signing_report_without_the_name():
    """Leaders speaking after the ceremony call the text "the document we signed": dated at the
    signing and naming a person for each party (the gate's ``at_signing``), that is the signing's report."""
    import datetime as dt

    from charterwatch.agreement import load_bundled_agreement
    from charterwatch.link.evidence import reports_signing

    charter = load_bundled_agreement()
    day = charter.agreement.signed
    body = ['Aliyev said: "The document we signed covers energy, security and artificial intelligence; '
            'we will continue our counter-terrorism cooperation."']
    assert reports_signing("Vance in Baku", body, day, charter, signatories=True)
    assert not reports_signing("Vance in Baku", body, day, charter)                     # neither named nor the signatories
    assert not reports_signing("Vance in Baku", body, day + dt.timedelta(days=5), charter, signatories=True)
    assert not reports_signing("Vance in Baku", ["Aliyev and Vance met in Baku."], day, charter, signatories=True)
    assert classify_event(body[0], signing_report=True).event == "agreed"
    assert classify_event(body[0]).event == "announced"
