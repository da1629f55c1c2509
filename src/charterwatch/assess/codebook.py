"""The codebook: what each status means for each kind of provision, and the one headline figure.

Everything that tells a status — the assessment rules in :mod:`charterwatch.assess.status`, the
headline on every surface, ``docs/codebook.md`` and the dashboard's codebook page — reads the
tables here, so a word means one thing everywhere. ``docs/codebook.md`` is generated from
:func:`codebook_markdown` (``scripts/codebook``; a test fails when the two differ).

The scale borrows from three human trackers: OGP's completion levels (no evidence / not started /
limited / substantial / complete), the Peace Accords Matrix's 0–3 implementation ordinal, and
PolitiFact's meters (in the works / stalled / kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from charterwatch.agreement.duration import plural
from charterwatch.agreement.model import Agreement, Provision
from charterwatch.assess.status import STATUSES

#: How the rules treat a provision; derived from its ``kind`` and ``due`` (see :func:`class_of`).
ProvisionClass = Literal["reaffirmation", "commitment", "deadline", "recurring"]


@dataclass(frozen=True)
class StatusCode:
    status: str
    ordinal: str
    label: str
    means: str
    ogp: str
    pam: str
    politifact: str


STATUS_CODES = (
    StatusCode("no_evidence", "0", "no evidence", "Nothing read so far shows the provision acted on after the signing "
               "(what was searched is shown beside it).", "no evidence available", "0 (not implemented)", "—"),
    StatusCode("announced", "1", "announced", "Agreed or announced: a plan, a pledge or the signing itself; no act "
               "reported yet.", "not started", "1 (minimal)", "in the works"),
    StatusCode("in_progress", "2", "in progress", "Acts reported: a meeting held, money committed, work started.",
               "limited / substantial", "2 (intermediate)", "in the works"),
    StatusCode("delivered", "3", "delivered", "The deliverable itself reported done: by a secretariat record, or by "
               "two independent outlets within a fortnight.", "complete", "3 (full)", "kept"),
    StatusCode("stalled", "the level reached", "stalled", "An expected step is overdue (a deadline passed without "
               "delivery), a halt was reported, or work that had started went quiet (see each kind).", "—",
               "the level reached, flagged", "stalled"),
)
LABELS = {c.status: c.label for c in STATUS_CODES}


@dataclass(frozen=True)
class KindRule:
    """How one class of provision is assessed and counted."""

    name: str
    what: str
    statuses: tuple[str, ...]
    #: in_progress with nothing new for ``stall_after_days`` becomes stalled
    stalls_when_quiet: bool
    #: a missed due date stalls it from the next day (and stays in its history if met late)
    stalls_at_deadline: bool
    #: the highest level it can reach: ``delivered``, or ``in_progress`` for what never ends
    top: str
    #: counted in the headline's denominator
    counted: bool
    moves: tuple[tuple[str, str], ...]     # (status, what moves it there) for this kind
    counting: str


RULES: dict[str, KindRule] = {
    "reaffirmation": KindRule(
        "Reaffirmation", "A principle the parties restate (sovereignty, peace in the region). It has no deliverable "
        "and no date: it can be upheld or breached, never finished.",
        ("no_evidence", "announced", "in_progress", "stalled"), False, False, "in_progress", False,
        (("announced", "a party restates it after the signing (one strong report, two outlets, or an official fact)"),
         ("in_progress", "an act that upholds it is reported (a meeting, funding, work on it)"),
         ("stalled", "only a reported halt or breach; never the passing of time")),
        "Not counted in the headline: there is nothing to deliver. Listed with its status."),
    "commitment": KindRule(
        "Commitment", "Something the parties undertake to do, with no date (expand defence cooperation, build AI "
        "data centres); also a mechanism with no deadline (the working groups, the private sector's role).",
        ("no_evidence", "announced", "in_progress", "delivered", "stalled"), True, False, "delivered", True,
        (("announced", "a plan or pledge reported after the signing"),
         ("in_progress", "a meeting, funding or start of work reported"),
         ("delivered", "the deliverable reported done (a secretariat record, or two independent outlets within a "
                       "fortnight)"),
         ("stalled", "a reported halt, or work that was in progress with nothing new for `stall_after_days` (180 by "
                     "default); a commitment only announced stays announced however long it is quiet")),
        "Counted once in the headline."),
    "deadline": KindRule(
        "Mechanism with a deadline", "A step owed by a date (each working group's priority projects and roadmap "
        "within three months). When it tasks several working groups, each group has its own status and deadline.",
        ("no_evidence", "announced", "in_progress", "delivered", "stalled"), False, True, "delivered", True,
        (("announced", "the step announced or agreed (the signing announces it)"),
         ("in_progress", "work on it reported (a group's meeting)"),
         ("delivered", "the deliverable recorded or reported by two outlets; after the due date it is delivered "
                       "late, and the deadline shows as met late"),
         ("stalled", "from the day after the due date while it is not delivered, or a reported halt; never before "
                     "the due date")),
        "Counted once in the headline. A provision tasking several groups is delivered when every group has "
        "delivered; in progress when some have delivered or are working; stalled when none has and a group's "
        "step is overdue or halted. The second figure counts the groups one by one."),
    "recurring": KindRule(
        "Recurring mechanism", "A step owed again and again (meet at least once a year). It never ends, so it is "
        "never delivered: it is on schedule or behind.",
        ("no_evidence", "announced", "in_progress", "stalled"), False, True, "in_progress", False,
        (("announced", "announced or agreed"),
         ("in_progress", "the step taken (a meeting held) — on schedule"),
         ("stalled", "from the day after an occurrence fell due without the step; back in progress when it is "
                     "taken; never before the first due date")),
        "Not counted in the headline (it has no end). Its occurrences are listed with the deadlines."),
}

GROUP_RULE = (
    "A working group is a standing body: it is never delivered. It is announced when set up, in progress once it "
    "has met, adopted its roadmap or started a project, and stalled while its roadmap is overdue. Its roadmap has "
    "its own status and deadline (met, met late, missed).")


def class_of(provision: Provision) -> ProvisionClass:
    """Which rules apply: reaffirmations; mechanisms whose ``due`` recurs or falls on a date; the rest."""
    if provision.kind == "reaffirmation":
        return "reaffirmation"
    if provision.due is not None and provision.due.duration is not None:
        return "recurring" if provision.due.recurring else "deadline"
    return "commitment"


def rule_of(provision: Provision) -> KindRule:
    return RULES[class_of(provision)]


@dataclass(frozen=True)
class Headline:
    """The share delivered, with its denominator in words; the same figure on every surface."""

    delivered: int
    total: int
    counts: dict[str, int]
    groups_delivered: int
    groups_total: int
    words: str
    group_words: str | None

    @property
    def share(self) -> float:
        return self.delivered / self.total if self.total else 0.0

    @property
    def percent(self) -> str:
        return f"{self.share:.0%}"

    def to_dict(self) -> dict:
        return {"delivered": self.delivered, "total": self.total, "share": round(self.share, 4),
                "counts": dict(self.counts), "words": self.words, "groups_delivered": self.groups_delivered,
                "groups_total": self.groups_total, "group_words": self.group_words}


def headline(agreement: Agreement, assessment, *, provision_ids: set[str] | None = None) -> Headline:
    """Delivered provisions among those that have a deliverable (commitments and mechanisms with a
    one-off deadline), each provision once; and, as a second figure, working groups' deliverables
    one by one. ``provision_ids`` narrows both to a section."""
    by_id = {p.id: p for p in agreement.provisions}
    units = [u for u in assessment.provisions if u.provision_id in by_id
             and (provision_ids is None or u.provision_id in provision_ids)]
    wholes = [u for u in units if u.body_id is None]
    counted = [u for u in wholes if rule_of(by_id[u.provision_id]).counted]
    counts = {s: sum(1 for u in counted if u.status.status == s) for s in STATUSES}
    groups = [u for u in units if u.body_id is not None]
    groups_delivered = sum(1 for u in groups if u.status.status == "delivered")
    left_out = len(wholes) - len(counted)
    total = len(counted)
    words = (f"{counts['delivered']} of {plural(total, 'provision')} with a deliverable delivered "
             f"({counts['delivered'] / total if total else 0:.0%})")
    if left_out:
        words += f"; {plural(left_out, 'reaffirmation or recurring meeting', 'reaffirmations and recurring meetings')}" \
                 f" not counted"
    group_words = (f"{groups_delivered} of {plural(len(groups), 'working-group deliverable')} delivered"
                   if groups else None)
    return Headline(counts["delivered"], total, counts, groups_delivered, len(groups), words, group_words)


def evidence_note(status: str, news: list, *, delivered_by: tuple[str, ...], signed: dt.date,
                  strong_score: float) -> str | None:
    """What the evidence below the bar amounts to, in words ("1 independent source (2 needed)").

    :param news: the provision's news observations visible on the day (mentions included)
    """
    if not news:
        return None
    after = [o for o in news if o.date >= signed]
    if not after:
        return f"only background so far: {plural(len(news), 'passage')} from before the signing"
    acts = [o for o in after if o.event != "mentioned"]
    if not acts:
        return f"only passing mentions so far ({plural(len(after), 'passage')}); a mention reports no act"
    delivered_claims = {o.source for o in acts if o.event in delivered_by}
    if status != "delivered" and len(delivered_claims) == 1:
        return "delivery reported by 1 independent source (2 needed)"
    if status == "no_evidence":
        sources = {o.source for o in acts}
        strong = [o for o in acts if o.score >= strong_score and o.event not in delivered_by]
        if not strong:
            return (f"{plural(len(acts), 'passage')} from {plural(len(sources), 'independent source')}, none strong "
                    f"enough alone (2 independent sources within a fortnight needed)")
        return f"{plural(len(acts), 'passage')} from {plural(len(sources), 'independent source')}, not yet enough"
    if status == "announced" and all(o.event in ("announced", "agreed") for o in acts):
        return "only plans so far: no act reported"
    return None


def codebook_markdown(agreement: Agreement | None = None) -> str:
    """``docs/codebook.md``, from the tables above; with ``agreement``, which of its provisions are of
    each kind."""
    lines = ["# Codebook: what each status means", "",
             "Generated from `charterwatch/assess/codebook.py` by `scripts/codebook`; a test fails when this file "
             "and the code disagree. Every surface (CLI, JSON API, dashboard, briefings) uses these words and this "
             "headline.", "", "## The statuses", "",
             "| status | ordinal | means | OGP | Peace Accords Matrix | PolitiFact |", "|---|---|---|---|---|---|"]
    for c in STATUS_CODES:
        lines.append(f"| `{c.status}` | {c.ordinal} | {c.means} | {c.ogp} | {c.pam} | {c.politifact} |")
    lines += ["", "Who may move a status: a secretariat record or a dated fact of the agreement file alone; from the "
              "news, two independent outlets reporting the same level within a fortnight, or one strong report of "
              "a plan or an act (never of delivery). Copies and translations never count as a second source; a "
              "passing mention moves nothing; news dated before the signing is background. A later record changes "
              "only what it dates: a deadline missed and then met late keeps its stalled step in the history.", "",
              "## By kind of provision", ""]
    for kind, rule in RULES.items():
        lines += [f"### {rule.name} (`{kind}`)", "", rule.what, "",
                  f"Statuses it can take: {', '.join(f'`{s}`' for s in rule.statuses)}.", ""]
        lines += [f"- **{LABELS[s]}**: {how}" for s, how in rule.moves]
        lines += ["", f"Counting: {rule.counting}", ""]
        if agreement is not None:
            mine = [f"{p.title()} (`{p.id}`)" for p in agreement.provisions if class_of(p) == kind]
            lines += [f"In `{agreement.id}`: {', '.join(mine) if mine else 'none'}.", ""]
    lines += ["## Working groups", "", GROUP_RULE, "", "## The headline", "",
              "The share delivered is the delivered provisions among those with a deliverable — commitments and "
              "mechanisms with a one-off deadline — each provision counted once, whatever the number of working "
              "groups it tasks. It is written in words beside the figure, e.g. \"5 of 23 provisions with a "
              "deliverable delivered (22%); 6 reaffirmations and recurring meetings not counted\". A second figure "
              "counts the working groups' deliverables one by one (\"1 of 4 working-group deliverables "
              "delivered\").", "", "## Deadlines", "",
              "| state | means |", "|---|---|",
              "| `upcoming` | not yet due, not met |", "| `due_soon` | due within 30 days, not met |",
              "| `met` | a record or report of the deliverable on or before the due date |",
              "| `met_late` | the deliverable came after the due date: shown as late (\"N days late\"), drawn at the "
              "day it was met; the missed step stays in the history |",
              "| `missed` | the due date passed and nothing was found (what was searched is shown) |", ""]
    return "\n".join(lines)
