"""What a passage says happened: one event type from a closed set, and the cue that decided it.

Rules, first match wins, so that hedged or future statements are never taken for acts:
0. an obstacle or a risk of delay ("could delay", "complicates", "может отложить") -> stalled
1. opinion or hedge ("in my view", "could", "bence", "məncə", "может") -> mentioned
2. future or plan ("will", "plans to", "намерены", "planlaşdırır", "hedefliyor") -> announced, unless
   a meeting that took place discussed it ("exchanged views", "обсудили", "müzakirə olunub",
   "görüştü"): then meeting_held (one event per paragraph: the act wins)
3. stalled ("postponed", "отложены", "ertelendi", "təxirə salınıb"), 4. delivered, 5. funded,
   6. started, 7. meeting held (also "discussed", "обсудили", "müzakirə olunub"), 8. agreed -> that act
9. nothing -> mentioned (the passage names the provision but reports no act)
In a report of the agreement's signing (``signing_report``), a clause told as a plan or without an
act ("the Charter envisages…", "the parties intend to…") is what was signed: agreed. Opinions
stay opinions. Cues are matched on lower-cased text at word starts, in the four languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EVENT_TYPES = ("announced", "meeting_held", "agreed", "funded", "started", "delivered", "stalled", "mentioned")

#: (event, cues). A cue is a word start; "…" inside a cue allows a few words in between.
RULES: list[tuple[str, tuple[str, ...]]] = [
    ("stalled", ("could delay", "may delay", "might delay", "complicates", "complicating", "complicated", "derail",
                 "setback", "obstacle", "risks undercutting", "undercut", "will be difficult", "not among the priorities",
                 "отложить", "отсрочить", "сказаться на сроках", "затянуться", "затянется", "не в числе приоритетов",
                 "повлияет на процесс", "осложня", "затормоз", "препятств", "gecikt", "geciktir", "engel", "zorlaştır",
                 "ləngid", "çətinləşdir", "maneə", "uzana bilər", "gecikə bilər")),
    ("mentioned", ("in my view", "i think", "opinion:", "could", "might", "may join", "likely", "whether", "another question",
                   "suggests", "seems", "appears to", "one could say",
                   "depend", "на мой взгляд", "по мнению", "может", "могут", "вероятно", "другой вопрос", "məncə", "fikrimcə",
                   "bilər", "ehtimal", "başqa sualdır", "bence", "bilir", "muhtemelen", "ayrı bir soru", "abilir", "ebilir")),
    ("announced", ("will ", "plans to", "planned to", "plan to", "intends", "intend to", "expected to", "is to ", "are to ",
                   "would ", "seeking to", "seeks to", "aims to", "aim to", "our objective", "nearing completion",
                   "стремится", "стремятся", "нацелены", "намерены", "ставит целью", "hədəfləyir", "məqsədi", "çalışır",
                   "amaçlıyor", "hedefliyor",
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


#: A meeting that took place: it wins over the plans it discussed (one event per paragraph: the act).
MEETING_CUES = ("exchanged views", "discussed", "held talks", "held a meeting", "phone call", "telephone conversation",
                      "was held", "were held", "during the meeting", "during the talks", "during the conference",
                      "в ходе встречи", "в ходе переговоров", "в ходе визита", "görüş zamanı", "görüşdə", "görüşündə",
                      "toplantıda", "görüşmesinde",
                      "обсудили", "обсуждены", "обсуждались", "обменялись мнениями", "провели переговоры",
                      "телефонный разговор", "müzakirə edilib", "müzakirə olunub", "müzakirə edilmişdir", "fikir mübadiləsi",
                      "telefon danışığı", "görüşdü", "görüşüb", "ele alındı", "görüştü", "görüşmede", "telefonda görüş")
_MEETING = [(cue, _cue_pattern(cue)) for cue in MEETING_CUES]

_COMPILED = [(event, [(cue, _cue_pattern(cue)) for cue in cues + (MEETING_CUES if event == "meeting_held" else ())])
             for event, cues in RULES]




def classify_event(text: str, *, signing_report: bool = False) -> EventCall:
    """The event type ``text`` reports, with the cue that decided it.

    :param signing_report: the paragraph is from a report of the agreement's signing
    """
    lowered = text.casefold()
    for event, cues in _COMPILED:
        for _cue, pattern in cues:
            match = pattern.search(lowered)
            if match:
                call = EventCall(event, text[match.start():match.end()].strip())
                if event == "announced":
                    met = next((m for _, p in _MEETING if (m := p.search(lowered))), None)
                    if met:
                        return EventCall("meeting_held", text[met.start():met.end()].strip())
                if signing_report and event == "announced":
                    return EventCall("agreed", f"signed text: {call.cue}")
                return call
    return EventCall("agreed", "signed text") if signing_report else EventCall("mentioned", None)
