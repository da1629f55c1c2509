"""Text normal forms and fingerprints for copy detection."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import zlib

import numpy as np
from datasketch import LeanMinHash, MinHash

#: Word n-grams for shingling; 5 words survive light edits yet rarely repeat across stories.
SHINGLE_WORDS = 5
NUM_PERM = 128
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

# Cyrillic -> Latin, enough to compare names across scripts ("Алиев" ~ "aliev", "Вэнс" ~ "vens").
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                     ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                      "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))
_LATIN_FOLD = str.maketrans({"ə": "a", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u", "x": "kh",
                             "q": "g", "j": "zh", "â": "a", "î": "i", "û": "u"})


def normalize_text(text: str) -> str:
    """Lower case, words only, single spaces: equal for texts that differ in spacing or punctuation."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = normalize_text(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def shingle_hashes(text: str) -> np.ndarray:
    """The document's shingles as sorted unique 32-bit hashes: ~1 KB a document instead of ~15 KB
    of strings, and set operations become numpy intersections."""
    return np.unique(np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles(text)), dtype=np.uint32))


@functools.lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=7).permutations


def minhash(values: np.ndarray) -> LeanMinHash:
    """A compact MinHash signature of already-hashed shingles (permutations shared, not per object)."""
    signature = MinHash(num_perm=NUM_PERM, seed=7, hashfunc=int, permutations=_permutations(), scheme="affine32")
    signature.update_batch(values.tolist())
    return LeanMinHash(signature)


def paragraph_key(text: str) -> int:
    """A 64-bit key of a paragraph's normal form, for the shared-paragraph index."""
    return int.from_bytes(hashlib.blake2b(normalize_text(text).encode("utf-8"), digest_size=8).digest(), "big")


def numbers_in(text: str) -> set[str]:
    """Numbers as written with separators removed ("1,500" -> "1500"); years and days included."""
    return {re.sub(r"[.,]", "", n) for n in _NUMBER.findall(text)}


def latinize(word: str) -> str:
    """A rough Latin spelling for comparing names across Cyrillic and Turkic Latin alphabets."""
    lowered = unicodedata.normalize("NFKC", word).casefold()
    out = "".join(_CYRILLIC.get(ch, ch) for ch in lowered).translate(_LATIN_FOLD)
    return unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode()


def name_anchors(text: str) -> set[str]:
    """Capitalised words not at a sentence start, latinised and cut to 4 letters: names, places."""
    anchors = set()
    for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([A-ZА-ЯƏİÖÜÇŞĞ][\w’'-]{2,})", text):
        word = latinize(match.group(1))
        if len(word) >= 3:
            anchors.add(word[:4])
    return anchors
