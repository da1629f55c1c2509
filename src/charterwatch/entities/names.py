"""Name keys: one spelling-insensitive form for a name token in any of our scripts.

"Алиев", "Aliyev", "Əliyev" and "Aliev" share the key ``aliev``; "Нахчыван", "Naxçıvan" and
"Nakhchivan" share ``nahcivan``. Keys are compared exactly; the looseness is in how they are made:
Cyrillic is transliterated, Azerbaijani/Turkish letters are folded, and a few spelling pairs that
transliteration systems disagree on (kh/h, ch/ç/c, sh/ş/s, y/i, doubled letters) are merged.
"""

from __future__ import annotations

import re
import unicodedata

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i", "ї": "i", "є": "e", "ґ": "g",
}
_TURKIC = str.maketrans({"ə": "a", "ı": "i", "ş": "sh", "ç": "ch", "ğ": "g", "ö": "o", "ü": "u", "x": "kh", "q": "g",
                         "â": "a", "î": "i", "û": "u", "c": "c"})
_MERGES = [("dzh", "j"), ("shch", "s"), ("kh", "h"), ("zh", "j"), ("ch", "c"), ("sh", "s"), ("ts", "s"), ("w", "v"),
           ("y", "i"), ("ph", "f")]


def latinize(text: str) -> str:
    """Lower-case Latin letters for any of our scripts (Cyrillic transliterated, Turkic letters folded)."""
    lowered = unicodedata.normalize("NFKC", text).casefold().replace("i̇", "i")
    out = "".join(_CYRILLIC.get(ch, ch) for ch in lowered).translate(_TURKIC)
    return unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode()


def name_key(token: str) -> str:
    """The spelling-insensitive key of one name token ("Əliyev" -> "aliev", "Вэнс" -> "vens")."""
    key = re.sub(r"[^a-z]", "", latinize(token))
    for old, new in _MERGES:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


_TOKEN = re.compile(r"(?:[^\W\d_]\.){1,3}(?![^\W\d_])|[^\W\d_]+(?:[’'`][^\W\d_]+)?", re.UNICODE)


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Word tokens with offsets; initials stay together ("J.D."), and so does "Aliyev'in"."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def variant_keys(variant: str) -> tuple[str, ...]:
    """Keys of a variant's tokens, with initials joined: "J.D. Vance", "J. D. Vance" and "JD Vance" -> ("jd", "vance")."""
    keys: list[str] = []
    pending_initials = ""
    for token, _, _ in tokens(variant):
        bare = token.rstrip(".")
        if len(bare) == 1:
            pending_initials += name_key(bare)
            continue
        if pending_initials:
            keys.append(pending_initials)
            pending_initials = ""
        keys.append(name_key(bare))
    if pending_initials:
        keys.append(pending_initials)
    return tuple(k for k in keys if k)
