"""``find_mentions(text, lexicon)``: which known entities a text names, in any script or case form.

Matching is exact on name keys (see :mod:`charterwatch.entities.names`), with three loosenings:
- the last token may carry a case ending ("Вэнса", "Əliyevin", "Aliyev'in", "Naxçıvana");
- initials may be written "J.D.", "J. D." or "JD";
- an unknown capitalised word close to a known surname (rapidfuzz ratio >= 90, 5+ letters) is a
  *proposed* variant, kept apart until two independent sources confirm it.
A surname alone is not a match when another first name stands before it ("Heydar Aliyev",
"Мехрибан Алиева" are other people). Short upper-case variants (US, ABŞ, США) match only in
upper case, so the English pronoun "us" is not the United States.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from charterwatch.entities.names import name_key, tokens, variant_keys

#: Case endings that may follow a name, longest first (Russian, Azerbaijani, Turkish).
ENDINGS = sorted({
    "ого", "ому", "его", "ему", "ыми", "ими", "ами", "ях", "ом", "ым", "им", "ой", "ей", "ем", "ах", "ам", "ов", "ев",
    "ий", "ый", "ая", "ое", "ую", "ые", "ых", "их", "а", "у", "е", "ы", "и", "ю", "я", "ь",
    "nın", "nin", "nun", "nün", "ın", "in", "un", "ün", "ya", "yə", "ye", "da", "də", "de", "ta", "te",
    "dan", "dən", "den", "tan", "ten", "la", "lə", "ilə", "ı", "i", "u", "ü", "a", "ə", "e", "nı", "ni", "nu", "nü",
}, key=len, reverse=True)
#: Words that stand before a name as a title, as keys (any script).
TITLE_KEYS = {name_key(w) for w in (
    "President", "Vice", "Vice-President", "Prime", "Minister", "Secretary", "Ambassador", "Senator", "Mr", "Mrs",
    "Президент", "Вице-президент", "вице", "премьер", "министр", "посол", "госсекретарь",
    "Prezident", "vitse-prezident", "vitse", "Baş", "nazir", "naziri", "səfir", "Cumhurbaşkanı", "Başkan", "Yardımcısı",
    "Başbakan", "Bakan", "Büyükelçi", "US", "U.S.", "ABŞ", "ABD", "США", "Azerbaijani", "American", "Armenian",
    "Azərbaycan", "Azerbaycan", "азербайджанский", "американский", "Dövlət", "başçısı")}
MIN_FUZZY_LETTERS = 5
FUZZY_RATIO = 90


@dataclass(frozen=True)
class LexiconEntry:
    entity: str
    keys: tuple[str, ...]
    surface: str
    upper_only: bool
    #: per token: its key and the keys of its stems without a case ending ("Средний" -> "sredn")
    stems: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class Mention:
    entity: str
    surface: str            # the text as written
    start: int
    end: int
    title: str | None       # a title written just before it ("Vice President")
    matched_by: str         # exact | ending | fuzzy


class Lexicon:
    """The known names: entity id -> variants, indexed by the key of their first token."""

    def __init__(self, entities: Iterable[tuple[str, str, list[str]]]):
        """:param entities: (entity id, type, names) for each entity; the first name is canonical."""
        self.by_first: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.first_names: dict[str, set[str]] = defaultdict(set)
        self.surnames: dict[str, set[str]] = defaultdict(set)   # surname key -> person ids
        self.types: dict[str, str] = {}
        for entity, kind, names in entities:
            self.types[entity] = kind
            for surface in names:
                keys = variant_keys(surface)
                if not keys:
                    continue
                bare = surface.replace(".", "")
                upper_only = len(bare) <= 6 and bare.isupper()  # acronyms: US, ABŞ, США, TRIPP
                entry = LexiconEntry(entity, keys, surface, upper_only, _variant_stems(surface, keys))
                for first in (entry.stems[0] if entry.stems and len(keys) > 1 else {keys[0]}):
                    self.by_first[first].append(entry)
                if kind == "person" and len(keys) >= 2:
                    self.first_names[entity].update(keys[:-1])
                    self.surnames[keys[-1]].add(entity)
        # A person's surname alone names them too ("Vance"), unless two people share it.
        for surname, people in self.surnames.items():
            if len(people) == 1 and not any(e.keys == (surname,) for e in self.by_first[surname]):
                entity = next(iter(people))
                self.by_first[surname].append(LexiconEntry(entity, (surname,), surname, False))
        for first, entries in self.by_first.items():
            self.by_first[first] = sorted(set(entries), key=lambda e: (-len(e.keys), e.surface))

    @classmethod
    def from_agreement(cls, agreement) -> Lexicon:
        return cls((e.id, e.type, [e.name, *e.variants]) for e in agreement.entities)


#: A stem shorter than this is not trusted to identify a name.
MIN_STEM = 4


def _stem_keys(token: str) -> set[str]:
    return {k for k in (name_key(stem) for stem in _strip_ending(token)[1:]) if len(k) >= MIN_STEM}


def _variant_stems(surface: str, keys: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    words = [t for t, _, _ in tokens(surface)]
    if len(words) != len(keys):  # initials joined: stems only where tokens line up
        return tuple(frozenset({k}) for k in keys)
    return tuple(frozenset({k} | _stem_keys(w)) for k, w in zip(keys, words))


def _strip_ending(token: str) -> list[str]:
    """The token, then its stems without an apostrophe suffix or a case ending."""
    forms = [token]
    for mark in ("'", "’", "`"):
        if mark in token:
            forms.append(token.split(mark)[0])
    for ending in ENDINGS:
        if token.lower().endswith(ending) and len(token) - len(ending) >= 3:
            forms.append(token[: -len(ending)])
    return forms


def find_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """Every mention of a lexicon entity in ``text``, longest match first, left to right."""
    toks = tokens(text)
    keys = [name_key(t.rstrip(".")) for t, _, _ in toks]
    mentions: list[Mention] = []
    i = 0
    while i < len(toks):
        found = _match_at(text, toks, keys, i, lexicon)
        if found is None:
            i += 1
            continue
        mention, length = found
        mentions.append(mention)
        i += length
    return mentions


def _initials(toks, start) -> tuple[str, int]:
    """Consecutive initials ("J." "D.") joined into one key, and how many tokens they took."""
    joined, n = "", 0
    while start + n < len(toks) and len(toks[start + n][0].rstrip(".")) == 1 and toks[start + n][0].endswith("."):
        joined += name_key(toks[start + n][0].rstrip("."))
        n += 1
    return joined, n


def _title_before(text, toks, keys, i) -> str | None:
    j = i
    while j > 0 and keys[j - 1] in TITLE_KEYS and i - j < 3:
        j -= 1
    return text[toks[j][1]:toks[i - 1][2]] if j < i else None


def _another_first_name_before(toks, keys, i, entity, lexicon) -> bool:
    if i == 0:
        return False
    previous, start, _ = toks[i - 1]
    if not previous[:1].isupper() or keys[i - 1] in TITLE_KEYS or keys[i - 1] in lexicon.first_names[entity]:
        return False
    # a capital after a sentence end is just the start of a sentence
    return previous.isalpha() and len(previous) > 1


def _match_at(text, toks, keys, i, lexicon) -> tuple[Mention, int] | None:
    initials, n_initials = _initials(toks, i)
    first_keys = [(initials, n_initials)] if n_initials else []
    first_keys.append((keys[i], 1))
    # A one-token name may carry its case ending on this very token ("Naxçıvana", "Aliyev'in").
    first_keys += [(name_key(stem), 1) for stem in _strip_ending(toks[i][0])[1:]]
    for first, step in first_keys:
        for entry in lexicon.by_first.get(first, ()):
            matched = _match_entry(toks, keys, i, step, entry)
            if matched is None:
                continue
            length, how = matched
            last_token = toks[i + length - 1][0]
            if entry.upper_only and not re.sub(r"['’`].*$", "", last_token).replace(".", "").isupper():
                continue
            if len(entry.keys) == 1 and lexicon.types.get(entry.entity) == "person" and \
                    _another_first_name_before(toks, keys, i, entry.entity, lexicon):
                continue
            start, end = toks[i][1], toks[i + length - 1][2]
            return Mention(entry.entity, text[start:end], start, end, _title_before(text, toks, keys, i), how), length
    return _fuzzy_at(text, toks, keys, i, lexicon)


def _match_entry(toks, keys, i, first_step, entry) -> tuple[int, str] | None:
    """How many tokens ``entry`` covers from ``i`` and whether a case ending was involved.

    Every token of a multi-word name may be inflected ("Среднего коридора"): a token matches when
    its key is the variant token's key, or when their stems without case endings meet.
    """
    if len(entry.keys) == 1 and first_step == 1:
        return (1, "exact") if keys[i] == entry.keys[0] else _ending_match(toks, i, entry.keys[0])
    how = "exact"
    position = i
    for k, expected in enumerate(entry.keys):
        if k == 0 and first_step > 1:
            position += first_step
            continue
        if position >= len(toks):
            return None
        if keys[position] != expected:
            stems = entry.stems[k] if entry.stems else frozenset({expected})
            if not (_stem_keys(toks[position][0]) | {keys[position]}) & stems:
                return None
            how = "ending"
        position += 1
    return position - i, how


def _ending_match(toks, position, expected) -> tuple[int, str] | None:
    for stem in _strip_ending(toks[position][0])[1:]:
        if name_key(stem) == expected:
            return 1, "ending"
    return None


def _fuzzy_at(text, toks, keys, i, lexicon) -> tuple[Mention, int] | None:
    token = toks[i][0]
    if not token[:1].isupper() or len(keys[i]) < MIN_FUZZY_LETTERS:
        return None
    for stem in _strip_ending(token):
        key = name_key(stem)
        for surname, people in lexicon.surnames.items():
            if len(people) == 1 and key[:1] == surname[:1] and fuzz.ratio(key, surname) >= FUZZY_RATIO:
                entity = next(iter(people))
                if _another_first_name_before(toks, keys, i, entity, lexicon):
                    return None
                start, end = toks[i][1], toks[i][2]
                return Mention(entity, text[start:end], start, end, _title_before(text, toks, keys, i), "fuzzy"), 1
    return None
