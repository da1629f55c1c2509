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
    ("started", ("implementation phase", "implementation stage", "entered its implementation", "entered the implementation",
                 "фазу реализации", "этап реализации", "стадию реализации", "icra mərhələsinə", "həyata keçirilmə mərhələsinə",
                 "uygulama aşamasına", "hayata geçirme aşamasına")),
    ("mentioned", ("in my view", "i think", "opinion:", "could", "might", "may join", "likely", "whether", "another question",
                   "suggests", "seems", "appears to", "one could say",
                   "depend", "на мой взгляд", "по мнению", "может", "могут", "вероятно", "другой вопрос", "məncə", "fikrimcə",
                   "bilər", "ehtimal", "başqa sualdır", "bence", "bilir", "muhtemelen", "ayrı bir soru", "abilir", "ebilir")),
    ("announced", ("will ", "plans to", "planned to", "plan to", "intends", "intend to", "expected to", "is to ", "are to ",
                   "would ", "seeking to", "seeks to", "aims to", "aim to", "our objective", "nearing completion",
                   "is ready to", "are ready to", "stands ready", "is interested in", "are interested in", "working on",
                   "готов ", "готовы", "заинтересован", "работаем над", "hazırdır", "hazırıq", "maraqlıdır",
                   "üzərində işləyirik", "hazırız", "hazır olduğ", "ilgileniyor", "üzerinde çalışıyoruz",
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


#: Words that tell what the agreement's text says ("the Charter envisages…", "the clause that…"): a
#: clause reported as in the text is what was agreed, whatever tense it is told in.
TEXT_CUES = ("envisages", "envisions", "provides for", "the clause", "a clause", "clause that", "the charter states",
             "the document states", "the charter stipulates", "предусматривает", "закрепляет", "фиксирует",
             "предусмотрено", "nəzərdə tutur", "nəzərdə tutulur", "təsbit edir", "öngörüyor", "öngörülüyor",
             "hükmü", "içeriyor")
#: A signing is the main act of the ceremony or meeting where it happened.
SIGNING_CUES = ("signed", "signing ceremony", "подписали", "подписал", "подписания", "imzalayıb", "imzaladı",
                "imzalanıb", "imzalandı", "imza mərasimi", "imza töreni")
#: Paragraphs that are one item of a list (a dash or a bullet first): in a document that tells what the
#: text holds, an item with no cue of its own is one more clause of it.
LIST_ITEM = re.compile(r"^\s*[—–\-•·*]\s")


@dataclass(frozen=True)
class EventCall:
    event: str
    cue: str | None      # the words that decided it, as found in the text


#: Turkic privative endings: "engelsiz", "maneəsiz" mean *without* an obstacle.
_PRIVATIVE = r"(?!s[iıuü]z)"


def _cue_pattern(cue: str) -> re.Pattern:
    """A cue at a word start (suffix cues, Turkic tense endings, may sit inside a word); "…" in a cue
    allows up to six words between its parts ("during the … conference")."""
    suffix = cue in {"acaq", "əcək", "ecək", "acağ", "əcəy", "acak", "ecek", "eceğ", "bilər", "bilir", "abilir", "ebilir"}
    body = r"(?:\W+\w+){0,6}?\W+".join(re.escape(part.strip()) for part in cue.split("…"))
    privative = _PRIVATIVE if cue in {"engel", "maneə"} else ""
    return re.compile(("" if suffix else r"(?<!\w)") + body + privative, re.IGNORECASE)


#: A meeting that took place: it wins over the plans it discussed (one event per paragraph: the act).
MEETING_CUES = ("exchanged views", "discussed", "held talks", "held a meeting", "phone call", "telephone conversation",
                      "was held", "were held", "during the meeting", "during the talks", "during the conference",
                      "during the … conference", "during the … forum", "during the … meeting", "at the … conference",
                      "on the sidelines of", "в ходе … конференции", "в ходе … форума", "на полях",
                      "… konfransında", "… forumunda", "… konferansında",
                      "в ходе встречи", "в ходе переговоров", "в ходе визита", "görüş zamanı", "görüşdə", "görüşündə",
                      "toplantıda", "görüşmesinde",
                      "обсудили", "обсуждены", "обсуждались", "обменялись мнениями", "провели переговоры",
                      "телефонный разговор", "müzakirə edilib", "müzakirə olunub", "müzakirə edilmişdir", "fikir mübadiləsi",
                      "telefon danışığı", "görüşdü", "görüşüb", "ele alındı", "görüştü", "görüşmede", "telefonda görüş")
_MEETING = [(cue, _cue_pattern(cue)) for cue in MEETING_CUES]

_TEXT = [(cue, _cue_pattern(cue)) for cue in TEXT_CUES]
_SIGNED = [(cue, _cue_pattern(cue)) for cue in SIGNING_CUES]

_COMPILED = [(event, [(cue, _cue_pattern(cue)) for cue in cues + (MEETING_CUES if event == "meeting_held" else ())])
             for event, cues in RULES]




def describes_text(texts: list[str]) -> bool:
    """Whether a document tells what an agreement's text holds ("the Charter envisages…")."""
    lowered = "\n".join(texts).casefold()
    return any(p.search(lowered) for _, p in _TEXT)


def _first(patterns, lowered: str, text: str) -> str | None:
    match = next((m for _, p in patterns if (m := p.search(lowered))), None)
    return text[match.start():match.end()].strip() if match else None


def classify_event(text: str, *, signing_report: bool = False, describes_text: bool = False) -> EventCall:
    """The event type ``text`` reports, with the cue that decided it.

    :param signing_report: the paragraph is from a report of the agreement's signing
    :param describes_text: the paragraph's document tells what the agreement's text holds (a list of
        its clauses follows "the Charter envisages…")
    """
    lowered = text.casefold()
    clause = _first(_TEXT, lowered, text)
    for event, cues in _COMPILED:
        for _cue, pattern in cues:
            match = pattern.search(lowered)
            if match:
                call = EventCall(event, text[match.start():match.end()].strip())
                if event == "announced":
                    met = _first(_MEETING, lowered, text)
                    if met:
                        event, call = "meeting_held", EventCall("meeting_held", met)
                if event == "meeting_held" and (signed := _first(_SIGNED, lowered, text)):
                    return EventCall("agreed", signed)          # the signing is the main act of its ceremony
                if event == "announced" and (signing_report or clause):
                    return EventCall("agreed", f"signed text: {call.cue}" if signing_report else f"text: {clause}")
                return call
    if signing_report:
        return EventCall("agreed", "signed text")
    if clause:
        return EventCall("agreed", f"text: {clause}")
    if describes_text and LIST_ITEM.match(text):
        return EventCall("agreed", "text: a listed clause")
    return EventCall("mentioned", None)
