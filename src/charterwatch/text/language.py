"""Language per paragraph: English, Azerbaijani, Turkish, Russian, ``other`` or ``unknown``.

Two lingua detectors. One, over our four languages plus a set of decoys (languages news in this
region also comes in) in lingua's low-accuracy mode (trigrams only: small and quick), says whether
a line is in one of ours at all: without decoys a German or Ukrainian line would be forced into
one of the four; with them, a decoy winning means ``other``. The other, over the four alone in
high-accuracy mode, says which of ours — the same answer lingua restricted to the four gives, and
what decides short headlines. Loading high-accuracy models for the decoys too took 620 MiB of
memory; this way the process stays near 340 MiB. Lines too short to call are ``unknown``.
Azerbaijani and Turkish are told apart by lingua's models (ə, x, q and word forms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from charterwatch.text.model import LanguageSpan, ParagraphLanguage

OURS = {Language.ENGLISH: "en", Language.AZERBAIJANI: "az", Language.TURKISH: "tr", Language.RUSSIAN: "ru"}
#: Languages that are "other": close neighbours of ours (Ukrainian, Kazakh, Uzbek, Turkmen) and
#: the big ones of the wider region.
DECOYS = [Language.UKRAINIAN, Language.KAZAKH, Language.GERMAN, Language.FRENCH, Language.SPANISH,
          Language.ITALIAN, Language.PORTUGUESE, Language.DUTCH, Language.POLISH, Language.ARABIC,
          Language.PERSIAN, Language.GEORGIAN, Language.ARMENIAN, Language.CHINESE]
#: Fewer letters than this, and a line is ``unknown`` ("Baku, Feb 10", "Thank you!", "14:42").
#: Measured on evaluation/language.jsonl and the short lines of ../shared/realnews: 12 made real
#: short lines unknown ("В частности:"); 9 keeps them while dates, times and names stay unknown.
MIN_LETTERS = 9
#: ...and a single word is a name or a label ("Rabochaya", "Politics"): ``unknown`` too, unless its
#: letters are ones only our languages have ("Xatırlatma").
_WORD = re.compile(r"[^\W\d_]+")
#: A long line is ``other`` when a decoy leads with at least this confidence.
MIN_CONFIDENCE = 0.3
#: A line shorter than this is a headline or a label, where the quick detector's confidence is
#: spread thin: it is ``other`` only when it has letters none of our alphabets has ("é", "ñ", "і"),
#: or a decoy leads clearly (DECOY_MIN, and DECOY_MARGIN above the best of ours); otherwise the best
#: of our four stands. Calling short English headlines ``other`` scored .943 on real short lines
#: against .993 for lingua restricted to the four.
SHORT_LINE = 40
#: From this length the quick detector's answer among our four stands on its own.
LONG_LINE = 120
DECOY_MIN = 0.9
DECOY_MARGIN = 0.6
#: The letters of our four languages' alphabets (Latin with Azerbaijani and Turkish letters; Russian Cyrillic).
OUR_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzəöüçşğıâîû" "абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


@dataclass(frozen=True)
class LanguageGuess:
    language: ParagraphLanguage
    confidence: float


class LanguageIdentifier:
    """The two lingua detectors (see the module's docstring); build once, reuse (models load lazily)."""

    def __init__(self) -> None:
        self._screen: LanguageDetector = (LanguageDetectorBuilder.from_languages(*OURS, *DECOYS)
                                          .with_low_accuracy_mode().build())
        self._ours: LanguageDetector = LanguageDetectorBuilder.from_languages(*OURS).build()

    def detect(self, text: str) -> LanguageGuess:
        """The language of one line or paragraph."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: list[str]) -> list[LanguageGuess]:
        """The language of each line or paragraph; lingua spreads a batch over the cores."""
        callable_at = [i for i, text in enumerate(texts) if _callable(text)]
        guesses = [LanguageGuess("unknown", 0.0)] * len(texts)
        if not callable_at:
            return guesses
        chosen = [texts[i] for i in callable_at]
        screened = self._screen.compute_language_confidence_values_in_parallel(chosen)
        # a long line the quick detector puts in one of ours is settled (trigrams suffice at this
        # length: 1.0 on evaluation/language.jsonl); shorter ones go to the four-language detector
        settled = {k: values[0] for k, (text, values) in enumerate(zip(chosen, screened))
                   if len(text) >= LONG_LINE and values and values[0].language in OURS}
        ours_at = [k for k, (text, values) in enumerate(zip(chosen, screened))
                   if k not in settled and not _decoy(text, values)]
        ranked = dict(zip(ours_at, self._ours.compute_language_confidence_values_in_parallel(
            [chosen[k] for k in ours_at]))) if ours_at else {}
        for k, i in enumerate(callable_at):
            if k in settled:
                guesses[i] = LanguageGuess(OURS[settled[k].language], round(settled[k].value, 3))
            elif k not in ranked:
                guesses[i] = LanguageGuess("other", round(screened[k][0].value, 3))
            elif ranked[k]:
                best = ranked[k][0]
                guesses[i] = LanguageGuess(OURS[best.language], round(best.value, 3))
        return guesses


def _callable(text: str) -> bool:
    """Enough letters to call, in more than one word (or a word only ours could write)."""
    words = _WORD.findall(text)
    return sum(map(len, words)) >= MIN_LETTERS and (len(words) >= 2 or _ours_by_letters(text))


#: Letters only Turkish and Azerbaijani have among the languages told apart here, and the Russian
#: letters Ukrainian lacks (with none of Kazakh's own): a line with them is ours, whatever the quick
#: detector says (it once called a Turkish sentence full of foreign names Spanish, at 1.0).
_TURKIC_LETTERS = frozenset("ığşə")
_RUSSIAN_LETTERS = frozenset("ыэъё")
_KAZAKH_UKRAINIAN_LETTERS = frozenset("әғқңөұүһіїєґ")


def _ours_by_letters(text: str) -> bool:
    letters = set(text.casefold())
    return bool(letters & _TURKIC_LETTERS) or (bool(letters & _RUSSIAN_LETTERS)
                                                and not letters & _KAZAKH_UKRAINIAN_LETTERS)


def _decoy(text: str, values) -> bool:
    """Whether the quick detector's confidence ``values`` (best first) make ``text`` another language."""
    if not values or values[0].language in OURS or _ours_by_letters(text):
        return False
    best = values[0]
    if len(text) >= SHORT_LINE:
        return best.value >= MIN_CONFIDENCE
    if any(c.isalpha() and c not in OUR_LETTERS for c in text.casefold()):
        return True
    ours = next((v.value for v in values if v.language in OURS), 0.0)
    return best.value >= DECOY_MIN and best.value - ours >= DECOY_MARGIN


def language_spans(languages: list[str], lengths: list[int]) -> list[LanguageSpan]:
    """Runs of consecutive paragraphs in one language (``unknown`` lines join the run they sit in)."""
    spans: list[LanguageSpan] = []
    for i, (lang, length) in enumerate(zip(languages, lengths)):
        if lang == "unknown" and spans:
            last = spans[-1]
            spans[-1] = LanguageSpan(last.language, last.first_paragraph, i, last.chars + length)
        elif spans and spans[-1].language == lang:
            last = spans[-1]
            spans[-1] = LanguageSpan(lang, last.first_paragraph, i, last.chars + length)
        else:
            spans.append(LanguageSpan(lang, i, i, length))
    return spans


def language_shares(languages: list[str], lengths: list[int]) -> dict[str, float]:
    """Share of characters per language, over the paragraphs whose language is known."""
    totals: dict[str, int] = {}
    for lang, length in zip(languages, lengths):
        if lang != "unknown":
            totals[lang] = totals.get(lang, 0) + length
    whole = sum(totals.values())
    return {lang: round(n / whole, 3) for lang, n in sorted(totals.items(), key=lambda kv: -kv[1])} if whole else {}
