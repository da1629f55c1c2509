"""What a passage says happened: one event type from a closed set, and the cue that decided it.

Rules, first match wins, so that hedged or future statements are never taken for acts:
1. opinion or hedge ("in my view", "could", "bence", "məncə", "может") -> mentioned
2. future or plan ("will", "plans to", "намерены", "planlaşdırır", "hedefliyor") -> announced
3. stalled ("postponed", "отложены", "ertelendi", "təxirə salınıb") -> stalled
4. delivered, 5. funded, 6. started, 7. meeting held, 8. agreed -> that act
9. nothing -> mentioned (the passage names the provision but reports no act)
Cues are matched on lower-cased text at word starts, in the four languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EVENT_TYPES = ("announced", "meeting_held", "agreed", "funded", "started", "delivered", "stalled", "mentioned")

#: (event, cues). A cue is a word start; "…" inside a cue allows a few words in between.
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("mentioned", ("in my view", "i think", "opinion:", "could", "might", "may join", "likely", "whether", "another question",
                   "suggests", "seems", "appears to", "one could say",
                   "depend", "на мой взгляд", "по мнению", "может", "могут", "вероятно", "другой вопрос", "məncə", "fikrimcə",
                   "bilər", "ehtimal", "başqa sualdır", "bence", "bilir", "muhtemelen", "ayrı bir soru", "abilir", "ebilir")),
    ("announced", ("will ", "plans to", "planned to", "plan to", "intends", "expected to", "is to ", "are to ", "would ",
                   "намерен", "планиру", "собира", "будет", "будут", "ожидается", "planlaşdır", "niyyət", "gözlənilir",
                   "acaq", "əcək", "ecək", "acağ", "əcəy", "planl", "hedefl", "bekleniyor", "acak", "ecek", "acağ", "eceğ")),
    ("stalled", ("postponed", "delayed", "stalled", "suspended", "passed without", "no new date", "missed", "отложен",
                 "сорван", "приостановлен", "истек", "затяну", "təxirə salın", "dayandırıl", "yeni tarix açıqlamayıb",
                 "ertelendi", "askıya", "durdu", "yeni bir tarih vermedi")),
    ("delivered", ("adopted", "handed over", "entered into force", "completed", "delivered", "opened to", "came into force",
                   "утвердил", "передан", "вступил", "завершен", "введен", "qəbul edib", "təhvil veril", "qüvvəyə min",
                   "başa çatdırıl", "istifadəyə veril", "kabul etti", "teslim edildi", "yürürlüğe girdi", "tamamlandı")),
    ("funded", ("allocated", "grant", "funding of", "million dollars", "billion dollars", "financed", "выделил", "грант",
                "профинансир", "ayırıb", "qrant", "maliyyələşdir", "ayırdı", "hibe", "finanse et")),
    ("started", ("began", "started", "start of", "launched", "началось", "началась", "начал", "стартовал", "başlanılıb",
                 "başlayıb", "başlandı", "başladı", "işe başla")),
    ("meeting_held", ("met ", "met.", "met,", "held its", "held a", "held the", "held consultations", "held talks",
                      "встретил", "провел", "провели", "прошло", "прошла", "состоялось", "состоялась", "görüşüb",
                      "keçirib", "keçirilib", "toplaşıb", "məsləhətləşmələr aparıb", "bir araya geldi", "görüştü",
                      "toplandı", "toplantısını yaptı", "istişarelerde bulundu", "gerçekleştirdi")),
    ("agreed", ("signed", "agreed", "set up", "formally", "commits", "pledged", "подписал", "договорил", "создал", "создали",
                "обязыва", "imzalayıb", "imzaladı", "razılaşıb", "razılığa gəl", "yaradıb", "anlaştı", "kararlaştır",
                "kurdu", "öhdəlik", "yükümlü")),
]


@dataclass(frozen=True)
class EventCall:
    event: str
    cue: str | None      # the words that decided it, as found in the text


def _cue_pattern(cue: str) -> re.Pattern:
    # word start; suffix cues (Turkic tense endings) may sit inside a word
    suffix = cue in {"acaq", "əcək", "ecək", "acağ", "əcəy", "acak", "ecek", "eceğ", "bilər", "bilir", "abilir", "ebilir"}
    return re.compile(("" if suffix else r"(?<!\w)") + re.escape(cue), re.IGNORECASE)


_COMPILED = [(event, [(cue, _cue_pattern(cue)) for cue in cues]) for event, cues in RULES]


def classify_event(text: str) -> EventCall:
    """The event type ``text`` reports, with the cue that decided it."""
    lowered = text.casefold()
    for event, cues in _COMPILED:
        for _cue, pattern in cues:
            match = pattern.search(lowered)
            if match:
                return EventCall(event, text[match.start():match.end()].strip())
    return EventCall("mentioned", None)
