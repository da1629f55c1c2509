"""Dating a document honestly: from what the source says, never from when we read it.

Order of trust: a date the input gives (JSONL ``published``, a feed item), HTML metadata
(htmldate without guessing from body text), a date in the URL, a dateline at the top of the text.
A dateline without a year ("BAKU, December 19.") is resolved only when one year is certain from
the other signals (the URL, the metadata); otherwise the document is undateable. A date after
``as_of`` (the day of ingest) is impossible and ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import dateparser
import htmldate

from charterwatch.text.model import DateSource

_LANGUAGES = ["en", "ru", "az", "tr"]
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"январ[яь]|феврал[яь]|март[а]?|апрел[яь]|ма[йя]|июн[яь]|июл[яь]|август[а]?|сентябр[яь]|октябр[яь]|"
    r"ноябр[яь]|декабр[яь]|"
    r"yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr|"
    r"ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık"
)
_YEAR = r"(?:19|20)\d\d"
# "10 February 2026", "10 февраля 2026 г.", "11 February, 2026", "Feb 10, 2026", "Feb 10", "19 dekabr"
DATE_PHRASE = re.compile(
    rf"\b(?:(\d{{1,2}})\s+({_MONTHS})\.?,?(?:\s+({_YEAR}))?|({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+({_YEAR}))?)\b",
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(rf"\b({_YEAR})-(\d\d)-(\d\d)\b|\b(\d\d)\.(\d\d)\.({_YEAR})\b")
_URL_DATE = re.compile(rf"/({_YEAR})[/-](\d{{1,2}})[/-](\d{{1,2}})(?:/|[^\d]|$)|/({_YEAR})(\d\d)(\d\d)/")
_URL_YEAR = re.compile(rf"/({_YEAR})/")
#: Weekday names, Monday first, in English, Russian (with case endings: "во вторник", "в среду"),
#: Azerbaijani and Turkish. Matched longest first, since one name may hold another ("çərşənbə
#: axşamı" is Tuesday, "çərşənbə" Wednesday; "cumartesi" Saturday, "cuma" Friday).
_WEEKDAY_NAMES = (
    (0, ("monday", r"понедельник\w{0,2}", "bazar ertəsi", "pazartesi")),
    (1, ("tuesday", r"вторник\w{0,2}", "çərşənbə axşamı", "salı")),
    (2, ("wednesday", r"сред[аеуы]", "çərşənbə", "çarşamba")),
    (3, ("thursday", r"четверг\w{0,2}", "cümə axşamı", "perşembe")),
    (4, ("friday", r"пятниц[аеуы]", "cümə", "cuma")),
    (5, ("saturday", r"суббот[аеуы]", "şənbə", "cumartesi")),
    (6, ("sunday", r"воскресень[еяю]", "bazar", "pazar")),
)
_WEEKDAY_PATTERNS = sorted(((day, name) for day, names in _WEEKDAY_NAMES for name in names),
                           key=lambda pair: -len(pair[1]))
WEEKDAY = re.compile("|".join(rf"(?<!\w)(?P<d{k}>{name})(?!\w)" for k, (_, name) in enumerate(_WEEKDAY_PATTERNS)))


def weekdays_named(text: str) -> set[int]:
    """The weekdays a text names (0 = Monday): "on Tuesday" is how a report of the week dates what
    happened, so an undated report that names the weekday of an event it tells of was written
    within days of it. Never a publication date."""
    out = set()
    for match in WEEKDAY.finditer(text.casefold()):
        out.add(_WEEKDAY_PATTERNS[int(match.lastgroup[1:])][0])
    return out


#: A dateline sits in the first lines of a story; dates deeper in the text are about events.
DATELINE_LINES = 4
#: ...and near the start of its line ("BAKU, Feb 10 (Reuters) –"), not mid-sentence.
DATELINE_START = 40


@dataclass(frozen=True)
class DateFinding:
    date: dt.date | None
    source: DateSource | None
    note: str | None = None


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_from_url(url: str | None) -> dt.date | None:
    """A full date in the path: /2026/02/10/, /2026-02-10-, /20260210/."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match:
        return None
    groups = [g for g in match.groups() if g]
    return _valid(int(groups[0]), int(groups[1]), int(groups[2]))


def year_from_url(url: str | None) -> int | None:
    if not url:
        return None
    full = date_from_url(url)
    if full:
        return full.year
    match = _URL_YEAR.search(url)
    return int(match.group(1)) if match else None


def _parse_phrase(phrase: str, year: int | None) -> dt.date | None:
    text = phrase if year is None else f"{phrase} {year}"
    parsed = dateparser.parse(text, languages=_LANGUAGES,
                              settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True})
    return parsed.date() if parsed else None


def days_named(text: str, year: int) -> set[dt.date]:
    """The days a text names by day and month ("10 Şubat", "February 10", "10 февраля 2026"), those
    without a year read in ``year``: what a report says happened when, never its publication date."""
    out = set()
    for match in DATE_PHRASE.finditer(text):
        has_year = bool(match.group(3) or match.group(6))
        day = _parse_phrase(match.group(0).rstrip(",. "), None if has_year else year)
        if day:
            out.add(day)
    return out


def dateline_in(lines: list[str]) -> tuple[str, bool] | None:
    """The first date phrase in the top lines and whether it carries a year."""
    for line in lines[:DATELINE_LINES]:
        numeric = NUMERIC_DATE.search(line)
        if numeric and numeric.start() <= DATELINE_START:
            return numeric.group(0), True
        match = DATE_PHRASE.search(line)
        if match and match.start() <= DATELINE_START:
            has_year = bool(match.group(3) or match.group(6))
            return match.group(0).rstrip(",. "), has_year
    return None


def date_from_text(lines: list[str], certain_year: int | None) -> DateFinding:
    found = dateline_in(lines)
    if found is None:
        return DateFinding(None, None)
    phrase, has_year = found
    numeric = NUMERIC_DATE.fullmatch(phrase)
    if numeric:
        g = [x for x in numeric.groups() if x]
        date = _valid(int(g[0]), int(g[1]), int(g[2])) if len(g[0]) == 4 else _valid(int(g[2]), int(g[1]), int(g[0]))
        return DateFinding(date, "text" if date else None)
    if has_year:
        date = _parse_phrase(phrase, None)
        return DateFinding(date, "text" if date else None)
    if certain_year is None:
        return DateFinding(None, None, f"dateline {phrase!r} has no year and no other signal gives one")
    date = _parse_phrase(phrase, certain_year)
    return DateFinding(date, "text" if date else None,
                       f"dateline {phrase!r} completed with year {certain_year} from the URL/metadata" if date else None)


_JSON_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def date_from_json_ld(html: str) -> dt.date | None:
    """The publisher's own ``datePublished`` (schema.org JSON-LD), as the local date it states.

    Read before htmldate: htmldate does not parse the compact ISO form ("20180619T055000+0900") and
    then falls back to dates elsewhere on the page (a related article's). The first one counts: it
    is the page's own article; a value that is not an ISO date is ignored."""
    if "datePublished" not in html:
        return None
    match = _JSON_LD_PUBLISHED.search(html)
    if not match:
        return None
    try:
        return dt.datetime.fromisoformat(match.group(1).strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(match.group(1).strip()[:10])
        except ValueError:
            return None


def date_from_html(html: str) -> dt.date | None:
    """Publication date from HTML metadata only (no guessing from body text or the URL)."""
    return date_from_json_ld(html) or date_from_metadata(htmldate.find_date(html, extensive_search=False,
                                                                            original_date=True))


def date_from_metadata(found: str | None) -> dt.date | None:
    """htmldate's answer (YYYY-MM-DD, or None) as a date."""
    try:
        return dt.date.fromisoformat(found[:10]) if found else None
    except ValueError:
        return None


def date_from_page_text(html: str, url: str | None, as_of: dt.date) -> dt.date | None:
    """htmldate's extensive search of the page (its text, idiosyncratic patterns): the last resort,
    for a page with no date in its metadata, URL or dateline."""
    return date_from_metadata(htmldate.find_date(html, extensive_search=True, original_date=True, url=url,
                                                 max_date=as_of.isoformat()))


def find_document_date(*, given: dt.date | None, given_source: DateSource | None, url: str | None,
                       lines: list[str], as_of: dt.date, html: str | None = None,
                       meta: dt.date | None = None, page: str | None = None) -> DateFinding:
    """Date a document from its signals, most trusted first; never ``as_of`` itself as a fallback.

    :param given: a date the input supplied (JSONL field, feed item)
    :param html: the page, when the input was HTML and its metadata was not read already
    :param meta: the date htmldate read from the page's metadata (instead of ``html``)
    :param page: the page, searched by htmldate as a last resort (see :func:`date_from_page_text`)
    :param lines: the cleaned text's first lines, for a dateline
    :param as_of: the day of ingest; later dates are impossible and ignored
    """
    rejected: list[str] = []

    def plausible(date: dt.date | None, label: str) -> dt.date | None:
        if date is not None and date > as_of:
            rejected.append(f"{label} date {date.isoformat()} is after {as_of.isoformat()}")
            return None
        return date

    if plausible(given, given_source or "given"):
        return DateFinding(given, given_source or "given")
    if meta is None and html:
        meta = date_from_html(html)
    meta = plausible(meta, "metadata")
    if meta:
        # htmldate reads the URL too: a date that is the URL's is said to come from it
        return DateFinding(meta, "url" if meta == date_from_url(url) else "meta")
    from_url = plausible(date_from_url(url), "URL")
    if from_url:
        return DateFinding(from_url, "url")
    certain_year = year_from_url(url) or (given.year if given else None)
    text = date_from_text(lines, certain_year)
    if text.date and plausible(text.date, "dateline"):
        return text
    searched = html or page
    if searched and not text.note:
        found = plausible(date_from_page_text(searched, url, as_of), "page text")
        if found:
            return DateFinding(found, "text", "found by htmldate in the page's text: no metadata, URL or dateline date")
    notes = [n for n in [text.note, *rejected] if n]
    return DateFinding(None, None, "; ".join(notes) or "no date in metadata, URL or dateline")
