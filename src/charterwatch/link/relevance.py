"""``document_relevance(agreement, document, mentions)``: is a document about this agreement at all?

The gate before any link. A report is about an agreement when it concerns its parties and its
subject, within its time frame:
- it names the agreement itself (``agreement.names``: "Strategic Partnership Charter", "Xartiya"; a
  name written in lower case, "memorandum of understanding", only with every party named), or
- it names every party (a country, or a person standing for it: ``entity.party``), or
- it names a project the agreement's provisions name (TRIPP) together with at least one party;
and it is dated on or after the signing (an undated report passes on its content alone; its
evidence is shown but never dated, so it moves no status). News about US–China AI policy, Brexit
customs or Armenia alone fails, whatever its keywords. A report dated on the signing's day or just
after that names a person standing for each party is the signing's own coverage (the signatories
met: their statements and press conference), on topic whether or not a paragraph of it is linked.
Pure: texts and mentions in, a verdict out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from charterwatch.agreement.model import Agreement
from charterwatch.entities.mentions import Lexicon, Mention, find_mentions


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    #: False when dated before the signing; None when undated
    in_time: bool | None
    parties_named: int
    parties: int
    names_agreement: bool
    projects: tuple[str, ...]
    reason: str
    #: the signing's own coverage (:func:`covers_signing`)
    at_signing: bool = False

    @property
    def score(self) -> float:
        """A number for the linker: 1 when the agreement is named, the share of parties otherwise."""
        if not self.relevant:
            return 0.0
        return 1.0 if self.names_agreement else 0.5 + 0.5 * self.parties_named / max(1, self.parties)


#: A document that names the agreement is on topic only when some paragraph of it has at least this
#: probability of being evidence for it: an agreement named in passing (a recap, a title in a list of
#: earlier deals) is not news about it. Cross-validated on ../shared/realnews: on-topic accuracy
#: .935 with the name alone, .948 at 0.2-0.3.
NAMED_SUPPORT = 0.25


def on_topic(relevant: bool, names_agreement: bool, linked: bool, support: float | None,
             at_signing: bool = False) -> bool:
    """On topic for one agreement: the gate let it through, and it is evidence for the agreement,
    or names it with a paragraph that might be (``support``: the best link probability; None when
    not measured, as in understandings stored before it was, which keeps the name alone enough), or
    is the signing's own coverage (``at_signing``: :func:`covers_signing`)."""
    if not relevant:
        return False
    return linked or at_signing or (names_agreement and (support is None or support >= NAMED_SUPPORT))


#: Reports of a signing appear on its day or just after (time zones, next-day papers).
SIGNING_REPORT_DAYS = 2


def in_signing_window(agreement: Agreement, published: dt.date) -> bool:
    """Whether ``published`` falls on the agreement's signing day or within :data:`SIGNING_REPORT_DAYS` after."""
    signed = agreement.agreement.signed
    return signed <= published <= signed + dt.timedelta(days=SIGNING_REPORT_DAYS)


def covers_signing(agreement: Agreement, published: dt.date | None, mentions: list[Mention],
                   people: dict[str, str]) -> bool:
    """Whether a report is the signing's own coverage: dated from the signing to
    :data:`SIGNING_REPORT_DAYS` after, and naming a person standing for each party (``people``:
    person entity -> party, :func:`party_people`). The leaders' meeting at which the text was signed,
    their statements and press conference, is news about the agreement even where no paragraph
    cites a clause (on ../shared/realnews every gate-passed report in those days is labelled on
    topic, 20 of 20). Countries alone are not enough: a report of the same days about one party
    and a third country may name the other party in passing."""
    return published is not None and in_signing_window(agreement, published) and signatories_named(
        agreement, mentions, people)


def signatories_named(agreement: Agreement, mentions: list[Mention], people: dict[str, str]) -> bool:
    """Whether ``mentions`` name, for each party, a person standing for it (``people``: person
    entity -> party); fuzzy matches do not count."""
    parties = set(agreement.agreement.parties)
    named = {people[m.entity] for m in mentions if m.matched_by != "fuzzy" and people.get(m.entity) in parties}
    return bool(parties) and named >= parties


def name_patterns(agreement: Agreement) -> list[re.Pattern]:
    """Patterns for what reports call the agreement, at word starts, with up to five letters of ending."""
    names = [n for words in agreement.agreement.names.values() for n in words]
    return [re.compile(rf"(?<!\w){re.escape(n.casefold())}\w{{0,5}}(?!\w)") for n in names]


def generic_names(agreement: Agreement) -> set[str]:
    """Names written in lower case in the agreement file ("memorandum of understanding", "mutabakat
    zaptı"): common nouns that other countries' agreements share, so they name this agreement only
    in a report that names every party too."""
    return {n.casefold() for words in agreement.agreement.names.values() for n in words if n[:1].islower()}


def party_entities(agreements: list[Agreement]) -> dict[str, str]:
    """entity id -> the party code it stands for, from every agreement's entity list."""
    return {e.id: e.party for a in agreements for e in a.entities if e.party}


def party_people(agreements: list[Agreement]) -> dict[str, str]:
    """person entity id -> the party code the person stands for (leaders, ministers)."""
    return {e.id: e.party for a in agreements for e in a.entities if e.party and e.type == "person"}


#: Words of a report on preparing a text: with the predecessor's own names, an undated report is
#: about the stage before the signing (the drafting group's sessions), not under the agreement.
DRAFTING = re.compile(r"(?<!\w)(draft|drafting|developing the|preparation of|preparing the|text of the|"
                      r"near completion|almost complete|being prepared|agreeing on the|разработ|подготов|проект|"
                      r"текст[а-я]* хартии|hazırlan|layihə|mətni|taslak|hazırlık|metni)")


def predecessor_patterns(agreement: Agreement, predecessor: Agreement | None) -> list[re.Pattern]:
    """Names only the agreement this one builds on is called by ("Strategic Working Group", "memorandum")."""
    if predecessor is None:
        return []
    own = {n.casefold() for words in agreement.agreement.names.values() for n in words}
    names = [n for words in predecessor.agreement.names.values() for n in words if n.casefold() not in own]
    return [re.compile(rf"(?<!\w){re.escape(n.casefold())}\w{{0,5}}(?!\w)") for n in names]


def parties_named(agreement: Agreement, mentions: list[Mention], party_of: dict[str, str]) -> set[str]:
    """The agreement's parties that ``mentions`` name (a country, or a person standing for it; fuzzy
    matches do not count)."""
    parties = set(agreement.agreement.parties)
    return {party_of[m.entity] for m in mentions if m.matched_by != "fuzzy" and party_of.get(m.entity) in parties}


def document_relevance(agreement: Agreement, *, text: str, published: dt.date | None, mentions: list[Mention],
                       party_of: dict[str, str], project_entities: set[str],
                       patterns: list[re.Pattern] | None = None,
                       earlier: list[re.Pattern] = (), people: dict[str, str] | None = None) -> Relevance:
    """The gate's verdict on one document (``text`` = title and paragraphs).

    :param party_of: entity id -> party code (:func:`party_entities`)
    :param project_entities: entities the agreement's provisions name (TRIPP, the Middle Corridor)
    :param earlier: :func:`predecessor_patterns`; an undated report naming them while describing
        drafting is about the stage before the agreement
    :param people: person entity -> party (:func:`party_people`; by default those of ``agreement``),
        for :func:`covers_signing`
    """
    patterns = name_patterns(agreement) if patterns is None else patterns
    lowered = text.casefold()
    parties = set(agreement.agreement.parties)
    named = parties_named(agreement, mentions, party_of)
    generic = generic_names(agreement)
    hits = {m.group(0) for p in patterns for m in p.finditer(lowered)}
    specific = any(not any(h.startswith(g) for g in generic) for h in hits)
    names_agreement = specific or (bool(hits) and bool(parties) and named >= parties)
    projects = tuple(sorted({m.entity for m in mentions if m.entity in project_entities and m.matched_by != "fuzzy"}))
    in_time = None if published is None else published >= agreement.agreement.signed
    if names_agreement:
        about, reason = True, "names the agreement"
    elif parties and named >= parties:
        about, reason = True, "names every party"
    elif projects and named:
        about, reason = True, f"names {', '.join(projects)} and a party"
    else:
        about, reason = False, f"names {len(named)} of {len(parties)} parties and not the agreement"
    if about and in_time is False:
        reason = f"dated {published.isoformat()}, before the signing on {agreement.agreement.signed.isoformat()}"
    elif about and in_time is None and DRAFTING.search(lowered) and any(p.search(lowered) for p in earlier):
        in_time, reason = False, "undated, and reports the drafting stage under the agreement it builds on"
    relevant = about and in_time is not False
    people = party_people([agreement]) if people is None else people
    at_signing = relevant and covers_signing(agreement, published, mentions, people)
    if at_signing and not names_agreement:
        reason += "; dated at the signing and names a person for each party"
    return Relevance(relevant=relevant, in_time=in_time, parties_named=len(named), parties=len(parties),
                     names_agreement=names_agreement, projects=projects, reason=reason, at_signing=at_signing)


def document_mentions(title: str | None, paragraph_mentions: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """A document's mentions for its gate: its paragraphs' (found paragraph by paragraph) and its title's."""
    return paragraph_mentions + (find_mentions(title, lexicon) if title else [])


def keyword_entities(agreement: Agreement, lexicon: Lexicon) -> dict[str, set[str]]:
    """entity id -> the provisions whose keywords name it wholly ("Trump Route" is TRIPP, not Trump)."""
    links: dict[str, set[str]] = {}
    for p in agreement.provisions:
        named = {m.entity for words in p.keywords.values() for kw in words for m in find_mentions(kw, lexicon)
                 if m.start == 0 and m.end == len(kw)}
        for entity in named:
            links.setdefault(entity, set()).add(p.id)
    return links


@dataclass(frozen=True)
class RelevanceGate:
    """Every agreement's gate with what :func:`document_relevance` is given, built once per cycle
    (or per back-fill, and sent to its workers)."""

    agreements: tuple[Agreement, ...]
    party_of: dict[str, str]
    projects: dict[str, frozenset[str]]
    patterns: dict[str, list[re.Pattern]]
    earlier: dict[str, list[re.Pattern]]
    people: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, agreements: list[Agreement], lexicon: Lexicon) -> RelevanceGate:
        by_id = {a.id: a for a in agreements}
        return cls(tuple(agreements), party_entities(agreements),
                   {a.id: frozenset(e for e in keyword_entities(a, lexicon) if lexicon.types.get(e) == "project")
                    for a in agreements},
                   {a.id: name_patterns(a) for a in agreements},
                   {a.id: predecessor_patterns(a, by_id.get(a.agreement.builds_on or "")) for a in agreements},
                   party_people(agreements))

    def verdicts(self, *, text: str, published: dt.date | None, mentions: list[Mention]) -> dict[str, Relevance]:
        """Each agreement's verdict on one document (``text`` = title and paragraphs)."""
        return {a.id: document_relevance(a, text=text, published=published, mentions=mentions, party_of=self.party_of,
                                         project_entities=set(self.projects[a.id]), patterns=self.patterns[a.id],
                                         earlier=self.earlier[a.id], people=self.people)
                for a in self.agreements}
