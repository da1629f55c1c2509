"""The agreement format as pydantic models; ``docs/agreement-format.md`` explains each field.

Models are strict about unknown keys (``extra="forbid"``) so a typo such as ``summery:`` is
reported instead of silently dropped. Cross-references (a body a provision names, the provision
a timeline entry cites) are checked in :mod:`charterwatch.agreement.checks`, after the shapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from charterwatch.agreement.duration import CalendarDuration, add_duration, parse_duration

#: The four languages charterwatch reads. Titles and keywords are keyed by these codes.
Language = Literal["en", "az", "tr", "ru"]

#: Ids of agreements, bodies and entities: lower case, digits and hyphens.
SLUG_PATTERN = r"[a-z0-9][a-z0-9-]*"
SLUG_MAX_LENGTH = 80
Slug = Annotated[str, Field(pattern=rf"^{SLUG_PATTERN}$", max_length=SLUG_MAX_LENGTH)]
#: ``section.slug``; part of the public interface (URLs, exports, evaluation sets).
ProvisionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_]*$", max_length=120)]

ProvisionKind = Literal["reaffirmation", "commitment", "mechanism"]
EntityType = Literal["person", "country", "place", "organisation", "project"]
#: The closed set of things that can happen to a provision; ``mentioned`` reports no act.
EventType = Literal[
    "announced", "meeting_held", "agreed", "funded", "started", "delivered", "stalled", "mentioned"
]
RecordKind = Literal["meeting", "project", "milestone", "roadmap"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Due(_Strict):
    """When a mechanism must deliver: a duration after an anchor, once, per body, or recurring."""

    rule: str = Field(description="ISO-8601 duration such as P3M or P1Y, or 'none' for no deadline.")
    from_: Literal["signed"] = Field("signed", alias="from", description="Anchor of the duration.")
    date: dt.date | None = Field(None, description="The due date as the text states it; checked against the rule.")
    per_body: bool = Field(False, description="One due item per working group (the provision's bodies, else all).")
    recurring: bool = Field(False, description="Repeats every `rule` after the first occurrence.")
    first: dt.date | None = Field(None, description="First occurrence of a recurring rule; checked against the rule.")
    met_by: list[RecordKind] | None = Field(
        None, description="Record kinds that meet it; default [meeting] if recurring, else [roadmap, milestone]."
    )
    note: str | None = None

    @field_validator("rule")
    @classmethod
    def _rule_is_duration(cls, value: str) -> str:
        if value != "none":
            parse_duration(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Due:
        if self.rule == "none":
            if self.recurring or self.per_body or self.date or self.first:
                raise ValueError("rule 'none' cannot have date, first, per_body or recurring")
        if self.first is not None and not self.recurring:
            raise ValueError("'first' is only for recurring rules")
        return self

    @property
    def duration(self) -> CalendarDuration | None:
        return None if self.rule == "none" else parse_duration(self.rule)

    @property
    def record_kinds(self) -> tuple[str, ...]:
        if self.met_by is not None:
            return tuple(self.met_by)
        return ("meeting",) if self.recurring else ("roadmap", "milestone")

    def first_due(self, signed: dt.date) -> dt.date | None:
        """The first due date implied by the rule (None when there is no deadline)."""
        duration = self.duration
        return None if duration is None else add_duration(signed, duration)


class Provision(_Strict):
    id: ProvisionId
    kind: ProvisionKind
    titles: dict[Language, str] = Field(
        default_factory=dict, description="A short name per language (a few words, the project's own), shown beside "
                                          "the id; without one the id is shown.")
    summary: str = Field(min_length=1, description="One sentence in the project's own words.")
    keywords: dict[Language, list[str]] = Field(default_factory=dict)
    examples: dict[Language, list[str]] = Field(
        default_factory=dict, description="A few sentences, in the project's own words, of what a report of this "
                                          "provision looks like; the linker compares paragraphs with them.")
    bodies: list[Slug] = Field(default_factory=list, description="Bodies this provision sets up or tasks.")
    due: Due | None = None
    delivered_by: list[EventType] | None = Field(
        None, description="Events that deliver this provision (default [delivered]); e.g. [agreed] when signing a "
                          "document is the deliverable.")
    note: str | None = None

    def title(self, language: str = "en") -> str:
        """The short name in ``language``, else in English, else the id."""
        return self.titles.get(language) or self.titles.get("en") or self.id


class Section(_Strict):
    id: Slug
    title: str = Field(min_length=1)
    provisions: list[Provision] = Field(min_length=1)


class Body(_Strict):
    """A body the agreement sets up, e.g. a working group; its secretariat keeps records."""

    id: Slug
    name: str = Field(min_length=1)
    names: dict[Language, str] = Field(default_factory=dict)


class Entity(_Strict):
    """A person, place, organisation or project, with the spellings it is known by."""

    id: Slug
    type: EntityType
    name: str = Field(min_length=1)
    role: str | None = None
    variants: list[str] = Field(default_factory=list)
    party: str | None = Field(None, description="The party (one of agreement.parties) this country or person stands "
                                                "for; news must name every party for the relevance gate.")


class TimelineEvent(_Strict):
    """A dated fact known before monitoring starts."""

    date: dt.date
    event: EventType
    what: str = Field(min_length=1)
    provision: ProvisionId | None = None
    approx: bool = Field(False, description="The date is the best known, not certain.")
    source: str | None = None
    note: str | None = None


class AgreementMeta(_Strict):
    id: Slug
    titles: dict[Language, str]
    short_title: str | None = None
    parties: list[str] = Field(min_length=2)
    signed: dt.date
    place: str | None = None
    signatories: list[Slug] = Field(default_factory=list)
    builds_on: Slug | None = None
    names: dict[Language, list[str]] = Field(
        default_factory=dict, description="What reports call the agreement (\"Strategic Partnership Charter\"); a "
                                          "document naming it is about the agreement.")
    note: str | None = None

    @field_validator("titles")
    @classmethod
    def _has_english_title(cls, titles: dict[str, str]) -> dict[str, str]:
        if "en" not in titles:
            raise ValueError("an English title (titles.en) is required")
        return titles


class Agreement(_Strict):
    """A whole agreement file: metadata, sections of provisions, bodies, entities, timeline."""

    format: Literal[1] = Field(1, description="Version of this file format.")
    agreement: AgreementMeta
    sections: list[Section] = Field(min_length=1)
    bodies: list[Body] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return self.agreement.id

    @property
    def title(self) -> str:
        return self.agreement.short_title or self.agreement.titles["en"]

    @property
    def provisions(self) -> list[Provision]:
        return [p for section in self.sections for p in section.provisions]

    def provision(self, provision_id: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == provision_id), None)

    def closest_id(self, wanted: str, *, bodies: bool = False) -> str | None:
        """The provision (or body) id a mistyped one most likely meant: the id whose last part it
        is ("tripp" -> "connectivity.tripp"), else the nearest by edit distance; None if none is near."""
        from rapidfuzz import fuzz, process

        ids = [b.id for b in self.bodies] if bodies else [p.id for p in self.provisions]
        folded = wanted.strip().casefold()
        tails = [i for i in ids if i.casefold().rsplit(".", 1)[-1] == folded]
        if len(tails) == 1:
            return tails[0]
        found = process.extractOne(folded, ids, scorer=fuzz.ratio, processor=str.casefold, score_cutoff=75)
        return found[0] if found else None

    def did_you_mean(self, wanted: str, *, bodies: bool = False) -> str:
        """"did you mean X? " for a near miss, else ""."""
        closest = self.closest_id(wanted, bodies=bodies)
        return f"did you mean {closest}? " if closest else ""

    def section_of(self, provision_id: str) -> Section | None:
        return next((s for s in self.sections if any(p.id == provision_id for p in s.provisions)), None)

    def body(self, body_id: str) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def bodies_for(self, provision: Provision) -> list[Body]:
        """The bodies a per-body deadline applies to: the provision's own, else all of them."""
        if provision.bodies:
            return [b for b in self.bodies if b.id in provision.bodies]
        return list(self.bodies)
