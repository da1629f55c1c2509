"""``build_briefing(...)``: what a reader needs to know since the last briefing, with citations.

Pure: the agreement, its assessment, evidence, working groups and what was read go in; a
:class:`Briefing` (plain data, numbered sources) comes out. Rendering to Markdown, HTML and PDF is
:mod:`charterwatch.report.render`'s job.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from charterwatch.agreement.model import Agreement
from charterwatch.assess.agreement_status import Assessment, GroupSummary
from charterwatch.assess.changes import StatusMove, new_evidence, status_moves
from charterwatch.assess.codebook import Headline, headline
from charterwatch.assess.deadlines import DueItem
from charterwatch.assess.status import ORDINAL
from charterwatch.rows import Evidence, FoldedEvidence


@dataclass(frozen=True)
class Source:
    """One cited document (an original; its copies are counted, not cited twice)."""

    number: int
    document_id: int
    outlet: str | None
    title: str | None
    published: dt.date | None
    language: str | None
    url: str | None
    copies: int = 0


@dataclass(frozen=True)
class MoveLine:
    """One line of "What changed": the same change, on the same day, for the same reason."""

    since: dt.date
    previous: str | None
    status: str
    reason: str
    provisions: list[str]
    cited: list[dict]


@dataclass(frozen=True)
class Coverage:
    documents: int                  # accepted documents read
    originals: int
    copies_removed: int
    rejected: int
    undateable: int
    outlets: int
    languages: dict[str, int]       # original documents per main language
    records: int


@dataclass
class Briefing:
    agreement_id: str
    title: str
    signed: dt.date
    as_of: dt.date
    since: dt.date
    since_reason: str               # "the last briefing", "--since", "the signing"
    headline: Headline              # the same figure as the CLI, the API and the dashboard
    moves: list[StatusMove]
    missed: list[DueItem]
    due_soon: list[DueItem]
    met: list[DueItem]              # deadlines met within the window
    evidence: dict[str, list[FoldedEvidence]]  # provision -> originals (copies folded), numbered when cited
    groups: list[GroupSummary]
    coverage: Coverage
    summaries: dict[str, str]       # provision id -> summary
    body_names: dict[str, str]
    titles: dict[str, str] = field(default_factory=dict)      # provision id -> short title
    #: every provision's status on the day (and each working group's share), as the CLI and the API give it
    statuses: list[dict] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    citations: dict[int, int] = field(default_factory=dict)   # cited document id -> source number

    def cite(self, ground: dict) -> str:
        """A short citation for a status change's ground: [n] for passages, record #, the agreement file."""
        if ground.get("kind") == "passage":
            number = self.citations.get(ground.get("document_id"))
            return f"[{number}]" if number else f"document {ground.get('document_id')}"
        if ground.get("kind") == "record":
            return f"secretariat record #{ground['record_id']} ({ground['date']})"
        return f"agreement file ({ground.get('date')})"

    def grouped_moves(self) -> list[MoveLine]:
        """Moves that say the same thing on the same day, as one line: several working groups of one
        provision, or several provisions announced by the same report."""
        # a provision and its working groups moving alike on one day are one line, with the groups' reason
        per_provision: dict[tuple, list[StatusMove]] = {}
        for m in self.moves:
            per_provision.setdefault((m.since, m.provision_id, m.previous, m.status), []).append(m)
        lines: dict[tuple, MoveLine] = {}
        for moves in per_provision.values():
            groups = [self.body_names.get(m.body_id, m.body_id) for m in moves if m.body_id]
            with_whole = any(m.body_id is None for m in moves)
            m = next((m for m in moves if m.body_id), moves[0])
            label = self.name(m.provision_id)
            if groups:
                label += f": {'the provision as a whole; ' if with_whole else ''}{'; '.join(groups)}"
            key = (m.since, m.previous, m.status, m.reason)
            line = lines.setdefault(key, MoveLine(m.since, m.previous, m.status, m.reason, [], []))
            line.provisions.append(label)
            line.cited.extend(g for g in m.cited if g not in line.cited)
        return list(lines.values())

    def name(self, provision_id: str) -> str:
        """A provision as a reader knows it: its title, with the id for reference."""
        title = self.titles.get(provision_id)
        return f"{title} ({provision_id})" if title and title != provision_id else provision_id

    def forward_and_stalled(self) -> tuple[list[str], list[str]]:
        """Provisions (as a whole) that ended the period higher than they began it and are not stalled;
        and those that ended it stalled."""
        first: dict[str, str] = {}
        last: dict[str, str] = {}
        for m in self.moves:
            if m.body_id is None:
                first.setdefault(m.provision_id, m.previous or "no_evidence")
                last[m.provision_id] = m.status
        # ORDINAL has no "stalled": a provision that began stalled moved forward by any other end
        forward = [p for p, end in last.items() if end != "stalled" and ORDINAL[end] > ORDINAL.get(first[p], -1)]
        stalled = [p for p, end in last.items() if end == "stalled"]
        return forward, stalled

    def headlines(self) -> list[str]:
        """The few sentences a reader needs if they read nothing else."""
        out = []
        top = self.headline
        out.append(f"{top.words[0].upper()}{top.words[1:]} as of {self.as_of.isoformat()}; of those counted, "
                   f"{top.counts['stalled']} {'is' if top.counts['stalled'] == 1 else 'are'} stalled and "
                   f"{top.counts['no_evidence']} show no evidence yet."
                   + (f" By working group: {top.group_words}." if top.group_words else ""))
        by_deadline: dict[tuple, list[str]] = {}
        for d in self.missed:
            by_deadline.setdefault((d.provision_id, d.due), []).append(self.body_names.get(d.body_id, d.body_id or ""))
        for (provision_id, due), names in by_deadline.items():
            who = f"{len(names)} working groups" if len(names) > 1 else (names[0] or "the parties")
            out.append(f"Missed: {who} did not meet the {due.isoformat()} deadline of {self.name(provision_id)} "
                       f"({self.summaries.get(provision_id, '').rstrip('.')}).")
        for d in self.due_soon:
            who = self.body_names.get(d.body_id, d.body_id) if d.body_id else "the parties"
            out.append(f"Due in {d.days_left} {'day' if d.days_left == 1 else 'days'} ({d.due.isoformat()}): "
                       f"{self.name(d.provision_id)} for {who}.")
        for d in self.met:
            who = self.body_names.get(d.body_id, d.body_id) if d.body_id else "the parties"
            if d.state == "met_late":
                out.append(f"Met late on {d.met_on.isoformat()}, {d.days_late} {'day' if d.days_late == 1 else 'days'} "
                           f"after the {d.due.isoformat()} deadline: {self.name(d.provision_id)} for {who}.")
            else:
                out.append(f"Met on {d.met_on.isoformat()}, by the {d.due.isoformat()} deadline: "
                           f"{self.name(d.provision_id)} for {who}.")
        forward, stalled = self.forward_and_stalled()
        if forward:
            out.append(f"{len(forward)} {'provision' if len(forward) == 1 else 'provisions'} moved forward in this "
                       f"period: {', '.join(self.name(p) for p in forward)}.")
        if stalled:
            out.append(f"{len(stalled)} {'provision' if len(stalled) == 1 else 'provisions'} became stalled in this "
                       f"period: {', '.join(self.name(p) for p in stalled)}.")
        acts = sum(1 for rows in self.evidence.values() for e in rows if e.event_type != "mentioned")
        out.append(f"{acts} new {'passage reports' if acts == 1 else 'passages report'} acts or plans, from "
                   f"{self.coverage.originals} original documents in {len(self.coverage.languages)} "
                   f"{'language' if len(self.coverage.languages) == 1 else 'languages'}.")
        return out

    def quoted(self, provision_id: str) -> list[FoldedEvidence]:
        """The passages worth quoting: acts and plans; passing mentions are only counted."""
        return [e for e in self.evidence.get(provision_id, []) if e.event_type != "mentioned"]

    def quoted_provisions(self) -> list[str]:
        return [p for p in self.evidence if self.quoted(p)]

    def mention_only_provisions(self) -> list[str]:
        return [p for p in self.evidence if not self.quoted(p)]

    def mention_only_names(self) -> list[str]:
        return [self.name(p) for p in self.mention_only_provisions()]

    def mentions(self, provision_id: str) -> int:
        return sum(1 for e in self.evidence.get(provision_id, []) if e.event_type == "mentioned")

    def cite_all(self, grounds) -> list[str]:
        """Each distinct citation of ``grounds`` once, in order."""
        return list(dict.fromkeys(self.cite(g) for g in grounds))


def build_briefing(agreement: Agreement, assessment: Assessment, evidence: list[Evidence], groups: list[GroupSummary],
                   documents: list[dict], records: int, *, since: dt.date, since_reason: str) -> Briefing:
    """Everything that changed in ``(since, assessment.as_of]``.

    :param evidence: every evidence row of the agreement (copies included; they are folded)
    :param documents: every document read, accepted and rejected (for the coverage note)
    :param records: how many secretariat records the store holds for the agreement
    """
    as_of = assessment.as_of
    moves = status_moves(assessment, since, as_of)
    window = new_evidence(evidence, since, as_of)
    deadlines = assessment.deadlines
    missed = [d for d in deadlines if d.state == "missed"]
    due_soon = [d for d in deadlines if d.state == "due_soon"]
    met = [d for d in deadlines if d.met_on is not None and since < d.met_on <= as_of]

    accepted = [d for d in documents if d["status"] == "accepted"]
    originals = [d for d in accepted if d["copy_of"] is None]
    coverage = Coverage(
        documents=len(accepted), originals=len(originals), copies_removed=len(accepted) - len(originals),
        rejected=sum(1 for d in documents if d["status"] == "rejected"),
        undateable=sum(1 for d in accepted if d["published"] is None),
        outlets=len({d["outlet"] for d in originals if d["outlet"]}),
        languages=dict(Counter(d["language"] or "unknown" for d in originals).most_common()), records=records)

    briefing = Briefing(agreement.id, agreement.agreement.titles.get("en") or next(iter(agreement.agreement.titles.values())),
                        agreement.agreement.signed, as_of, since, since_reason, headline(agreement, assessment), moves,
                        missed, due_soon, met, window, groups, coverage,
                        {p.id: p.summary for p in agreement.provisions}, {b.id: b.name for b in agreement.bodies},
                        {p.id: p.title() for p in agreement.provisions})
    briefing.statuses = [{"provision_id": u.provision_id, "body_id": u.body_id, "status": u.status.status,
                          "since": u.status.since if u.history else None, "note": u.note,
                          "days_late": u.due.days_late if u.due else None} for u in assessment.provisions]
    by_id = {d["id"]: d for d in documents}
    copies = Counter(d["copy_of"] for d in accepted if d["copy_of"] is not None)
    numbered: dict[int, Source] = {}

    def number(document_id: int) -> int:
        if document_id not in numbered:
            d = by_id.get(document_id, {})
            numbered[document_id] = Source(len(numbered) + 1, document_id, d.get("outlet"), d.get("title"),
                                           d.get("published"), d.get("language"), d.get("url"), copies.get(document_id, 0))
        return numbered[document_id].number

    for move in moves:
        for ground in move.cited:
            if ground.get("kind") == "passage":
                # a copy's passage is cited as its original: one report, one number
                original = by_id.get(ground["document_id"], {}).get("copy_of") or ground["document_id"]
                briefing.citations[ground["document_id"]] = number(original)
    for provision_id, rows in window.items():
        # passing mentions are counted, not quoted or cited
        window[provision_id] = [row if row.event_type == "mentioned"
                                else replace(row, source_number=number(row.copy_of or row.document_id)) for row in rows]
    briefing.sources = list(numbered.values())
    return briefing
