"""Copy detection: exact, near, partial and translated copies, originals, and precision on unrelated texts."""

from __future__ import annotations

import datetime as dt

import pytest

from charterwatch.dedup import DedupDocument, DedupParagraph, find_copies
from charterwatch.dedup.copies import choose_originals
from charterwatch.dedup.embedding import PassageEmbedder
from charterwatch.dedup.model import CopyPair
from charterwatch.text import LanguageIdentifier, RawDocument, clean_document

STORY = [
    "Baku, 21 January 2026 — The working group set up under last August's memorandum held its second session, officials said.",
    "Participants reviewed the draft charter on strategic partnership and agreed to continue consultations before a planned visit.",
    "The group brings together diplomats and ministry officials of both countries; its first session took place in Washington.",
]
STORY_AZ = [
    "Bakı, 21 yanvar 2026 — Ötən ilin avqust memorandumu ilə yaradılmış işçi qrup ikinci iclasını keçirib, rəsmilər bildiriblər.",
    "İştirakçılar strateji tərəfdaşlıq xartiyasının layihəsini nəzərdən keçirib və planlaşdırılan səfərə qədər məsləhətləşmələri davam etdirməyə razılaşıblar.",
    "Qrupa hər iki ölkənin diplomatları və nazirlik rəsmiləri daxildir; onun ilk iclası Vaşinqtonda keçirilib.",
]
OTHER_TOPIC = [
    "Baku, 3 March 2026 — A new park opened in the city centre with playgrounds, cycle paths and hundreds of new trees.",
    "The district administration said two more green areas would be improved in the coming months.",
]
OTHER_SAME_TOPIC_RU = [
    "Баку, 15 февраля 2026 года — Эксперты считают, что ежегодные встречи сторон покажут, работает ли хартия.",
    "Первая такая встреча должна пройти до февраля 2027 года, дата и место пока не объявлены.",
]


def doc(id, paragraphs, language="en", published=None, mixed=False, languages=None):
    langs = languages or [language] * len(paragraphs)
    return DedupDocument(id, tuple(DedupParagraph(p, lang) for p, lang in zip(paragraphs, langs)), published, mixed)


@pytest.fixture(scope="module")
def embed():
    return PassageEmbedder()


def kinds(links):
    return {(link.document_id, link.original_id, link.kind) for link in links}


def test_exact_copy_points_to_the_earlier_one(embed):
    links = find_copies([doc(1, STORY, published=dt.date(2026, 1, 22)), doc(2, STORY, published=dt.date(2026, 1, 21))], embed=embed)
    assert kinds(links) == {(1, 2, "exact")}


def test_near_copy_with_an_edited_sentence(embed):
    edited = [STORY[0].replace("officials said", "officials told reporters"), STORY[1], STORY[2] + " More talks are planned."]
    links = find_copies([doc(1, STORY), doc(2, edited)], embed=embed)
    assert [(link.kind, link.original_id) for link in links] == [("near", 2)]  # undated: the fuller one is the original
    assert 0.8 <= links[0].score < 1


def test_partial_copy_is_contained_in_the_fuller_story(embed):
    longer = STORY + ["Officials said the charter could be signed during a visit by the US vice president.",
                      "The two sides did not give a date for the visit but said preparations were under way."]
    links = find_copies([doc(1, STORY), doc(2, longer)], embed=embed)
    assert kinds(links) == {(1, 2, "partial")}


def test_translation_is_found_and_the_earlier_is_the_original(embed):
    links = find_copies([doc(1, STORY, published=dt.date(2026, 1, 22)),
                         doc(2, STORY_AZ, language="az", published=dt.date(2026, 1, 21))], embed=embed)
    assert kinds(links) == {(1, 2, "translation")}


def test_translation_too_far_apart_in_time_is_not_a_copy(embed):
    links = find_copies([doc(1, STORY, published=dt.date(2026, 3, 22)),
                         doc(2, STORY_AZ, language="az", published=dt.date(2026, 1, 21))], embed=embed)
    assert links == []


def test_unrelated_and_same_topic_texts_are_not_copies(embed):
    docs = [doc(1, STORY), doc(2, OTHER_TOPIC), doc(3, OTHER_SAME_TOPIC_RU, language="ru"), doc(4, STORY_AZ[:1] + OTHER_TOPIC[1:],
            languages=["az", "en"])]
    assert find_copies(docs, embed=embed) == []


def test_without_an_embedder_translations_are_skipped():
    assert find_copies([doc(1, STORY), doc(2, STORY_AZ, language="az")], embed=None) == []


def test_a_copy_reached_through_two_links_takes_the_loosest_kind():
    docs = [doc(1, ["a"], published=dt.date(2026, 1, 1)), doc(2, ["b"]), doc(3, ["c"])]
    pairs = [CopyPair(1, 2, "exact", 1.0), CopyPair(2, 3, "translation", 0.7)]
    assert kinds(choose_originals(docs, pairs)) == {(2, 1, "exact"), (3, 1, "translation")}


def test_seeds_000_and_001_are_one_story(shared_seeds, embed):
    identifier = LanguageIdentifier()
    docs = []
    for number, path in sorted(shared_seeds.items()):
        cleaned = clean_document(RawDocument(source_key=number, input_format="text", content=path.read_text(encoding="utf-8")),
                                 identifier=identifier, as_of=dt.date(2026, 11, 25))
        docs.append(DedupDocument(int(number), tuple(DedupParagraph(p.text, p.language) for p in cleaned.paragraphs),
                                  cleaned.published, cleaned.mixed))
    links = find_copies(docs, embed=embed)
    # 000 is 001 with half its paragraphs in Turkish: a (partial) translation of it; nothing else is a copy.
    assert [(link.document_id, link.original_id, link.kind) for link in links] == [(0, 1, "translation")]
    assert links[0].score == 1.0


def test_a_later_commentary_on_the_same_clauses_is_not_a_translation(embed):
    """Real news (../shared/realnews): a Russian analyst's view of the Charter six days after the
    signing paraphrases the clauses an English signing-day report lists; it is not a copy."""
    import json

    from tests.conftest import SHARED

    path = SHARED / "realnews" / "articles.jsonl"
    if not path.exists():
        pytest.skip("../shared/realnews is not beside the repository")
    articles = {a["url"]: a for a in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    wanted = ("https://news.day.az/politics/1815903.html", "https://report.az/en/infrastructure/us-to-support-creation")
    picked = [next(a for url, a in articles.items() if url.startswith(prefix)) for prefix in wanted]
    identifier = LanguageIdentifier()
    docs = []
    for number, article in enumerate(picked):
        cleaned = clean_document(RawDocument(source_key=article["url"], input_format="text", content=article["text"]),
                                 identifier=identifier, as_of=dt.date(2026, 11, 25))
        docs.append(DedupDocument(number, tuple(DedupParagraph(p.text, p.language) for p in cleaned.paragraphs),
                                  dt.date.fromisoformat(article["published"]), cleaned.mixed))
    assert {doc.languages.pop() for doc in docs} == {"ru", "en"}
    assert find_copies(docs, embed=embed) == []
