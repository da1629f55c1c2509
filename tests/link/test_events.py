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
