"""Removing site chrome from plain text: appeals, menus, social links, a body printed twice.

Each rule is a small function with a reason name, so a caller can report what was removed and
why. Datelines ("BAKU, Feb 10 (Reuters) –") are content and stay; a line holding only a date or
a time is metadata: :mod:`charterwatch.text.dates` reads it first, then it is dropped here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from charterwatch.text.dates import DATE_PHRASE, NUMERIC_DATE

# Whole lines that are site chrome, in the four languages. Matched case-insensitively against a
# line with surrounding punctuation stripped; a match must cover the whole line or start it.
_CHROME_LINE = re.compile(
    r"^(?:"
    r"latest news|all news feed|more news|related news|read more|read also|top news|news feed|"
    r"most read|popular|advertisement|share this( article)?|share|print|comments?|"
    r"thank you|subscribe( now)?|sign up|log ?in|menu|search|home|contact us|"
    r"последние новости|все новости|лента новостей|читайте также|реклама|поделиться|подписаться|"
    r"son xəbərlər|bütün xəbərlər|xəbər lenti|oxu(yun)? həmçinin|paylaş|abunə ol|"
    r"son haberler|tüm haberler|haber akışı|ilgili haberler|paylaş|abone ol|reklam"
    r")$",
    re.IGNORECASE,
)

# Lines that are appeals or social links wherever they appear, even inside longer sentences.
_APPEAL = re.compile(
    r"(subscrib\w* (on|to|for)|by subscribing|support (open|independent)|follow (us|\w+) on "
    r"(twitter|facebook|telegram|instagram|x\b)|@\w+ (on|or) (twitter|facebook)|"
    r"all rights reserved|cookies? (policy|settings)|does not cost much|serve you with (the )?news|"
    r"support (our|open|independent|quality) journalism|"
    r"подпис\w+ на (наш|канал)|подписывайтесь|все права защищены|"
    r"bizi (telegram|facebook|twitter)|abunə olun|bütün hüquqlar qorunur|"
    r"bizi takip edin|abone olun|tüm hakları saklıdır)",
    re.IGNORECASE,
)

# A host name alone on a line ("Polise.az", "www.example.com"): a site's signature, not content.
_DOMAIN_ONLY = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,12}$", re.IGNORECASE)
_TIME_ONLY = re.compile(r"^\d{1,2}:\d\d(?::\d\d)?(?:\s*(?:am|pm|utc|gmt|\(gmt\+4\)))?$", re.IGNORECASE)
_SECTION_LABELS = {"analytics", "politics", "economy", "business", "world", "society", "region", "opinion",
                   "commentary", "interview", "news", "analitika", "siyasət", "iqtisadiyyat", "dünya",
                   "аналитика", "политика", "экономика", "в мире", "siyaset", "ekonomi", "gündem"}

#: A paragraph shorter than this is "short": it is dropped as a repeat only next to a long repeat
#: (a subheading inside a body printed twice), never on its own.
SHORT_PARAGRAPH = 60


@functools.lru_cache(maxsize=16384)
def normalize_line(line: str) -> str:
    """Case-, space- and punctuation-insensitive form used to compare lines."""
    text = unicodedata.normalize("NFKC", line).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def is_chrome(line: str, outlet: str | None = None) -> str | None:
    """The reason a single line is site chrome, or None if it is content."""
    bare = line.strip().strip("•·|–—-*#>:!. \t").strip()
    if not bare:
        return None
    if _CHROME_LINE.match(bare):
        return "chrome"
    if _APPEAL.search(bare):
        return "appeal"
    if _DOMAIN_ONLY.match(bare):
        return "site name"
    if outlet and normalize_line(bare) == normalize_line(outlet):
        return "site name"
    if bare.casefold() in _SECTION_LABELS:
        return "section label"
    if _TIME_ONLY.match(bare) or DATE_PHRASE.fullmatch(bare) or NUMERIC_DATE.fullmatch(bare):
        return "date line"
    return None


def recurring_lines(documents: Iterable[list[str]], *, min_documents: int = 3, min_share: float = 0.5) -> set[str]:
    """Normalised lines that recur in many documents of one outlet: that outlet's chrome.

    :param documents: the lines of each document of one outlet
    :param min_documents: below this many documents nothing is called recurring
    :param min_share: a line in at least this share of the documents is chrome
    """
    documents = list(documents)
    if len(documents) < min_documents:
        return set()
    counts = Counter(key for lines in documents for key in {normalize_line(line) for line in lines} if key)
    threshold = max(2, min_share * len(documents))
    # Long lines recurring everywhere would be a syndicated body, not chrome: keep those.
    return {key for key, n in counts.items() if n >= threshold and len(key) <= 200}


def drop_repeated_paragraphs(paragraphs: list[str]) -> tuple[list[str], int]:
    """Keep the first copy of a body printed twice in one document.

    A long paragraph seen before is dropped; a short one (a subheading) only when a neighbour is a
    dropped long repeat, so a heading used twice on purpose survives.
    """
    seen: set[str] = set()
    repeated = []
    for text in paragraphs:
        key = normalize_line(text)
        repeated.append(bool(key) and key in seen)
        seen.add(key)
    long_repeat = [r and len(t) >= SHORT_PARAGRAPH for r, t in zip(repeated, paragraphs)]
    drop = list(long_repeat)
    # Short repeats inside a run of long repeats go too (walk both ways until a non-repeat).
    for i in range(len(paragraphs)):
        if repeated[i] and not drop[i]:
            left = next((long_repeat[j] for j in range(i - 1, -1, -1) if not (repeated[j] and len(paragraphs[j]) < SHORT_PARAGRAPH)), False)
            right = next((long_repeat[j] for j in range(i + 1, len(paragraphs)) if not (repeated[j] and len(paragraphs[j]) < SHORT_PARAGRAPH)), False)
            drop[i] = left or right
    kept = [t for t, d in zip(paragraphs, drop) if not d]
    return kept, len(paragraphs) - len(kept)


def strip_boilerplate(paragraphs: list[str], *, outlet: str | None = None, title: str | None = None,
                      outlet_chrome: set[str] = frozenset(), extracted: bool = False) -> tuple[list[str], Counter]:
    """Remove chrome, the outlet's recurring lines, the title printed again, and a repeated body.

    :param extracted: the paragraphs are trafilatura's main text: only what is certainly chrome goes
        (whole lines that match a rule), not short trailing fragments, which trafilatura kept as content
    :returns: the kept paragraphs and a count of removed ones by reason
    """
    removed: Counter = Counter()
    kept: list[str] = []
    title_key = normalize_line(title) if title else None
    for text in paragraphs:
        key = normalize_line(text)
        if not key:
            continue
        reason = is_chrome(text, outlet)
        if reason is None and key in outlet_chrome:
            reason = "recurring in outlet"
        if reason is None and title_key and key == title_key:
            reason = "title repeated"
        if reason:
            removed[reason] += 1
        else:
            kept.append(text.strip())
    kept, repeats = drop_repeated_paragraphs(kept)
    if repeats:
        removed["repeated body"] += repeats
    # Trailing chrome often ends with short leftovers ("More", a byline alone): trim those from the end.
    while not extracted and kept and len(kept[-1].split()) <= 2 and not re.search(r"[.!?»”\"]$", kept[-1]):
        kept.pop()
        removed["trailing fragment"] += 1
    return kept, removed
