"""Stories as a user meets them: their own reports through `ingest`, then `stories`."""

from __future__ import annotations

import json

from tests.conftest import run_cli

DATED = {"url": "https://wire.example/baku-charter", "title": "Vance in Baku", "published": "2026-02-10",
         "text": "Azerbaijan and the United States signed the Strategic Partnership Charter in Baku on Tuesday, "
                 "during the first visit of a US vice president to the country in nearly twenty years.\n\n"
                 "Under the charter, the two governments will support humanitarian demining in Azerbaijan with "
                 "technology and funding, and will expand cooperation on the Middle Corridor and on TRIPP.\n\n"
                 "The parties also intend to set up working groups that agree priority projects and roadmaps "
                 "within three months of the signing, and to meet at least once a year."}
UNDATED = {"url": "https://haber.example/imza", "title": "Azerbaycan ve ABD Stratejik Ortaklık Şartı'nı imzaladı",
           "text": "Cumhurbaşkanı Aliyev ile ABD Başkan Yardımcısı Vance, Bakü'deki resmi karşılama töreninin "
                   "ardından baş başa görüştü ve Stratejik Ortaklık Şartı'nı imzaladı.\n\n"
                   "Ortak basın toplantısında Vance, Hazar Denizi'ndeki karasularının korunması için "
                   "Azerbaycan'a yeni devriye botları gönderileceğini söyledi.\n\n"
                   "Aliyev ise ilişkilerin yeni bir aşamaya geçtiğini belirterek Amerikan şirketlerini "
                   "enerji ve yapay zeka yatırımlarına davet etti."}
LATER = {"url": "https://wire.example/analysis", "title": "What the charter means for the region",
         "text": "Months after the Strategic Partnership Charter was signed in Baku, analysts in the region ask "
                 "what the document has delivered so far and what its critics expected of it.\n\n"
                 "Supporters point to humanitarian demining, where the United States has long supported "
                 "Azerbaijan, and to the Middle Corridor, which both governments describe as a priority.\n\n"
                 "Sceptics note that the working groups the charter allows have not published any roadmap."}
WEEK = {"url": "https://region.example/vance-baku", "title": "Vance meets Aliyev in Baku and promises patrol boats",
        "text": "US Vice President JD Vance arrived in Azerbaijan on Tuesday and held talks with President Ilham "
                "Aliyev, after which the two leaders signed a charter on a strategic partnership.\n\n"
                "Vance said the United States would send new patrol boats to help Azerbaijan protect its waters."}

def test_an_undated_report_whose_title_tells_of_the_signing_joins_the_signing_story(tmp_path):
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    feed = tmp_path / "mine.jsonl"
    feed.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in (DATED, UNDATED, LATER, WEEK)),
                    encoding="utf-8")
    run_cli("ingest", str(feed), db=db, check=True)
    stories = json.loads(run_cli("stories", "--json", db=db, check=True).stdout)
    exported = tmp_path / "export.json"
    run_cli("export", "--format", "json", "--out", str(exported), db=db, check=True)
    story_of = {d["url"]: d["story_id"] for d in json.loads(exported.read_text())["documents"]}
    assert story_of[DATED["url"]] == story_of[UNDATED["url"]] is not None
    # nor does its title here, but its lead dates the signatories' signing by the signing's weekday
    assert story_of[WEEK["url"]] == story_of[DATED["url"]]
    # an undated page that only recalls the signing in its lead is not a report of the day
    assert story_of[LATER["url"]] != story_of[DATED["url"]]
    signing = next(s for s in stories if s["id"] == story_of[DATED["url"]])
    assert sorted(signing["languages"]) == ["en", "tr"]

PRESS = {"url": "https://news.example/press", "title": "Vance and Aliyev speak to the press in Baku", "published": "2026-02-10",
         "text": "Azerbaijan and the United States held talks in Baku on Tuesday, during the first visit of a US "
                 "vice president to the country in nearly twenty years; Vance and Aliyev then spoke to the press.\n\n"
                 "Vance passed on President Trump's personal greetings to Aliyev and to the people of Azerbaijan, "
                 "and recalled that Azerbaijani troops were among the last to leave Afghanistan.\n\n"
                 "Aliyev thanked the vice president for the visit and said the two countries were opening a new "
                 "chapter in their relations."}
CALL = {"url": "https://news.example/call", "title": "Vance and Aliyev speak by phone", "published": "2026-03-20",
        "text": "Vance and Aliyev spoke by phone on Friday, the Azerbaijani presidency said.\n\n"
                "Vance passed on President Trump's greetings for the Novruz holiday to Aliyev and to the people "
                "of Azerbaijan."}
PARK = {"url": "https://city.example/park", "title": "New park opens in Baku", "published": "2026-02-10",
        "text": "A new park opened in central Baku on Tuesday with playgrounds, cycle paths and hundreds of new "
                "trees, the city administration said.\n\n"
                "Two more green areas are to be improved in the coming months."}


def test_a_report_of_the_day_that_cites_no_clause_still_joins_its_story(tmp_path):
    """Stories are made of what the gate lets through, evidence or not: the press conference after
    the signing is that day's event though it names no clause, and is on topic (the signatories
    met); a park opening that day is neither; the same leaders' holiday call a month later passes
    the gate but is about nothing the agreement covers, so it is background."""
    db = f"sqlite:///{tmp_path / 'cw.db'}"
    feed = tmp_path / "mine.jsonl"
    feed.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in (DATED, PRESS, PARK, CALL)),
                    encoding="utf-8")
    run_cli("ingest", str(feed), db=db, check=True)
    exported = tmp_path / "export.json"
    run_cli("export", "--format", "json", "--out", str(exported), db=db, check=True)
    documents = {d["url"]: d for d in json.loads(exported.read_text())["documents"]}
    assert documents[DATED["url"]]["on_topic"] and documents[PRESS["url"]]["on_topic"]
    assert not documents[CALL["url"]]["on_topic"]
    assert documents[PRESS["url"]]["story_id"] == documents[DATED["url"]]["story_id"] is not None
    assert documents[PARK["url"]]["story_id"] is None and not documents[PARK["url"]]["on_topic"]
    stories = json.loads(run_cli("stories", "--json", db=db, check=True).stdout)
    signing = next(s for s in stories if s["id"] == documents[DATED["url"]]["story_id"])
    assert signing["sources"] == 2 and signing["on_topic"] is True
