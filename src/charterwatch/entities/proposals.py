"""New entities: names the lexicon does not know, proposed once two independent sources use them.

A candidate is a run of two or three capitalised words ("Kyle Inan", "Ilgar Velizade", "South
Caucasus") that is not a known entity, not titles, and not the opening words of a sentence alone.
Pure: texts in, candidate names with their sources out; the store decides what to propose.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from charterwatch.entities.mentions import TITLE_KEYS, Lexicon, find_mentions
from charterwatch.entities.names import name_key, tokens

#: Different outlets that must use a new name before it is proposed.
CONFIRMING_SOURCES = 2
#: Capitalised words that start sentences or headlines without being names.
_COMMON = {name_key(w) for w in ("The", "A", "An", "In", "On", "At", "For", "But", "And", "This", "That", "It", "As",
                                  "Under", "With", "From", "By", "Its", "Their", "Both", "Officials", "According")}


@dataclass(frozen=True)
class NameCandidate:
    text: str
    key: str
    documents: tuple[int, ...]
    outlets: tuple[str, ...]


def name_runs(text: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    """Runs of capitalised words that are no known name: (surface, key)."""
    known = [(m.start, m.end) for m in find_mentions(text, lexicon)]
    toks = tokens(text)
    runs: list[tuple[str, str]] = []
    current: list[tuple[str, int, int]] = []

    def flush():
        if 2 <= len(current) <= 3:
            start, end = current[0][1], current[-1][2]
            sentence_start = start == 0 or text[:start].rstrip()[-1:] in ".!?—–:\"“«"
            if not (sentence_start and len(current) < 2) and not any(a < end and start < b for a, b in known):
                runs.append((text[start:end], " ".join(name_key(t) for t, _, _ in current)))
        current.clear()

    for token, start, end in toks:
        key = name_key(token)
        joined = current and text[current[-1][2]:start] in (" ", "-")  # a name's words touch: no comma, no line break
        if current and not joined:
            flush()
        if token[:1].isupper() and len(token) > 1 and not token.isupper() and key not in TITLE_KEYS and key not in _COMMON:
            current.append((token, start, end))
        else:
            flush()
    flush()
    return runs


def candidate_names(documents: list[tuple[int, str | None, str]], lexicon: Lexicon) -> list[NameCandidate]:
    """Unknown names used by at least CONFIRMING_SOURCES different outlets.

    :param documents: (document id, outlet, text) of original documents
    """
    return candidates_from_runs([(document_id, outlet, name_runs(text, lexicon)) for document_id, outlet, text in documents])


def candidates_from_runs(documents: list[tuple[int, str | None, list[tuple[str, str]]]]) -> list[NameCandidate]:
    """:func:`candidate_names` from names already found: (document id, outlet, runs) of originals."""
    seen: dict[str, dict] = defaultdict(lambda: {"texts": defaultdict(int), "documents": set(), "outlets": set()})
    for document_id, outlet, runs in documents:
        for surface, key in runs:
            entry = seen[key]
            entry["texts"][surface] += 1
            entry["documents"].add(document_id)
            entry["outlets"].add(outlet or f"document {document_id}")
    return sorted((NameCandidate(max(e["texts"], key=e["texts"].get), key, tuple(sorted(e["documents"])),
                                 tuple(sorted(e["outlets"])))
                   for key, e in seen.items() if len(e["outlets"]) >= CONFIRMING_SOURCES), key=lambda c: c.key)
