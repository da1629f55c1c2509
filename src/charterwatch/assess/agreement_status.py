"""``assess_agreement(...)``: every provision's status history and deadlines, from evidence and records.

Pure: the agreement, the evidence rows (originals only), the secretariats' records and ``as_of``
in; an :class:`Assessment` out. Per-body provisions (the working groups' roadmaps) get one history
per working group, from records and from news that names the group.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from charterwatch.agreement.model import Agreement, Provision
from charterwatch.assess.codebook import evidence_note, rule_of
from charterwatch.assess.deadlines import DUE_SOON_DAYS, DueItem, Report, compute_deadlines
from charterwatch.assess.status import (
    CORROBORATION_DAYS,
    ORDINAL,
    STALL_AFTER_DAYS,
    STATUS_WORDS,
    STATUSES,
    STRONG_SCORE,
    Observation,
    StatusChange,
    assess_provision,
    current,
)
from charterwatch.records.model import Record
from charterwatch.rows import Evidence

#: What a secretariat record says happened.
RECORD_EVENT = {"meeting": "meeting_held", "project": "started", "milestone": "started", "roadmap": "delivered"}
#: News of a meeting comes out up to this many days after it.
MEETING_REPORT_DAYS = 3
#: Independent outlets that must report a meeting no record or agreement fact shows, for it to count.
MEETING_SOURCES = 2
_BODY_STOPWORDS = {"working", "group", "groups", "development", "and", "on", "the", "of"}


@dataclass(frozen=True)
class ProvisionAssessment:
    provision_id: str
    body_id: str | None
    history: tuple[StatusChange, ...]
    evidence_count: int
    sources: int                  # independent sources: distinct outlets, records, the agreement file
    languages: tuple[str, ...]
    due: DueItem | None           # the next (or last) due item
    #: what the evidence below the bar amounts to ("1 independent source (2 needed)"), or None
    note: str | None = None

    @property
    def status(self) -> StatusChange:
        return current(list(self.history))


@dataclass(frozen=True)
class Assessment:
    agreement_id: str
    as_of: dt.date
    provisions: tuple[ProvisionAssessment, ...]
    deadlines: tuple[DueItem, ...]


def body_words(agreement: Agreement) -> dict[str, set[str]]:
    """Distinctive words of each body's name ("energy", "security"), to tell which group news names."""
    return {b.id: {w for w in re.findall(r"[a-z]+", b.name.casefold()) if w not in _BODY_STOPWORDS and len(w) >= 4}
            for b in agreement.bodies}


def _body_named(text: str, words: dict[str, set[str]]) -> str | None:
    lowered = text.casefold()
    if "group" not in lowered:
        return None
    named = [body for body, keys in words.items() if any(re.search(rf"\b{re.escape(k)}", lowered) for k in keys)]
    return named[0] if len(named) == 1 else None


def observations(agreement: Agreement, evidence: list[Evidence], records: list[Record]) -> dict[str, list[Observation]]:
    """Observations per provision id from news evidence, records and the agreement's dated facts."""
    words = body_words(agreement)
    out: dict[str, list[Observation]] = {p.id: [] for p in agreement.provisions}
    signed = agreement.agreement.signed
    for row in evidence:
        # News from before the signing is background: it cannot show this agreement being delivered.
        if row.published is None or row.provision_id not in out or row.published < signed:
            continue
        ref = {"kind": "passage", "document_id": row.document_id, "paragraph_index": row.paragraph_index,
               "quote": row.quote, "language": row.language, "date": row.published.isoformat(),
               "outlet": row.outlet, "event": row.event_type, "cue": row.cue}
        # a copy's passage speaks for its original's source: it never counts as a second source
        out[row.provision_id].append(Observation(row.published, row.event_type, "news", row.source, row.score,
                                                 _body_named(row.quote, words), ref))
    for record in records:
        if record.withdrawn or record.agreement_id != agreement.id or record.provision_id not in out:
            continue
        ref = {"kind": "record", "record_id": record.id, "date": record.date.isoformat(), "text": record.text,
               "source": record.source, "body_id": record.body_id, "event": RECORD_EVENT[record.kind]}
        out[record.provision_id].append(Observation(record.date, RECORD_EVENT[record.kind], "record",
                                                    f"record #{record.id}", 1.0, record.body_id, ref))
    for fact in agreement.timeline:
        if fact.provision and fact.provision in out:
            ref = {"kind": "timeline", "date": fact.date.isoformat(), "text": fact.what, "approx": fact.approx,
                   "event": fact.event}
            out[fact.provision].append(Observation(fact.date, fact.event, "timeline", "agreement file", 1.0, None, ref))
    return out


def _with_passages(history: list[StatusChange], provision_observations: list[Observation],
                   as_of: dt.date) -> list[StatusChange]:
    """Official changes also cite the news passages reported around that date (never after ``as_of``)."""
    news = [o for o in provision_observations if o.kind == "news" and o.date <= as_of]
    out = []
    for change in history:
        if any(g.get("kind") == "passage" for g in change.grounds):
            out.append(change)
            continue
        near = [o.ref for o in news if abs((o.date - change.since).days) <= CORROBORATION_DAYS]
        out.append(StatusChange(change.status, change.ordinal, change.since, change.reason, change.grounds + tuple(near)))
    return out


def _summary(agreement: Agreement, provision: Provision, body_id: str | None, history: list[StatusChange],
             obs: list[Observation], as_of: dt.date, due_items: list[DueItem]) -> ProvisionAssessment:
    signed = agreement.agreement.signed
    counted = [o for o in obs if o.date <= as_of and (o.date >= signed or o.official)]
    sources = {o.source for o in counted}
    languages = sorted({o.ref.get("language") for o in counted if o.ref.get("language")})
    mine = [d for d in due_items if d.provision_id == provision.id and d.body_id == body_id]
    upcoming = [d for d in mine if d.state in ("upcoming", "due_soon")]
    due = upcoming[0] if upcoming else (mine[-1] if mine else None)
    status = current(history).status
    note = evidence_note(status, [o for o in obs if o.kind == "news" and o.date <= as_of],
                         delivered_by=tuple(provision.delivered_by or ("delivered",)), signed=signed,
                         strong_score=STRONG_SCORE)
    return ProvisionAssessment(provision.id, body_id, tuple(history), len(counted), len(sources), tuple(languages),
                               due, note)


def _missed(items: list[DueItem]) -> list[dt.date]:
    """Due dates not met on the day: missed, or met only later (the stall stays in the history)."""
    return sorted({d.due for d in items if d.state in ("missed", "met_late")})


def _combined(body_histories: dict[str, list[StatusChange]], as_of: dt.date) -> list[StatusChange]:
    """The history of a provision tasking several bodies, from theirs: delivered when every body has
    delivered; in progress when some have delivered or are working; else stalled when one is stalled;
    else announced when one is; else no evidence."""
    days = sorted({c.since for h in body_histories.values() for c in h if c.since <= as_of})
    out: list[StatusChange] = []
    total = len(body_histories)
    for day in days:
        now = {b: next((c for c in reversed(h) if c.since <= day), None) for b, h in body_histories.items()}
        statuses = [c.status if c else "no_evidence" for c in now.values()]
        delivered = statuses.count("delivered")
        if delivered == total:
            status = "delivered"
        elif delivered or "in_progress" in statuses:
            status = "in_progress"
        elif "stalled" in statuses:
            status = "stalled"
        elif "announced" in statuses:
            status = "announced"
        else:
            continue
        reason = _combined_reason(status, statuses)
        if out and out[-1].status == status and out[-1].reason == reason:
            continue
        grounds = _unique(g for c in now.values() if c and c.since == day for g in c.grounds)
        ordinal = ORDINAL.get(status, max((c.ordinal for c in now.values() if c), default=0))
        out.append(StatusChange(status, ordinal, day, reason, grounds or (out[-1].grounds if out else ())))
    return out


def _combined_reason(status: str, statuses: list[str]) -> str:
    total = len(statuses)
    counts = {s: statuses.count(s) for s in STATUSES}
    if status == "delivered":
        return f"Delivered: all {total} working groups delivered."
    if status == "announced":
        return (f"Announced for all {total} working groups." if counts["announced"] == total
                else f"Announced for {counts['announced']} of {total} working groups.")
    parts = [f"{n} {word}" for key, word in (("delivered", "delivered"), ("in_progress", "in progress"),
                                             ("stalled", "stalled"), ("announced", "only announced"),
                                             ("no_evidence", "with no evidence")) if (n := counts[key])]
    return f"{STATUS_WORDS[status]}: of {total} working groups, " + ", ".join(parts) + "."


def _unique(grounds) -> tuple[dict, ...]:
    out: list[dict] = []
    for g in grounds:
        if g not in out:
            out.append(g)
    return tuple(out)


def assess_agreement(agreement: Agreement, evidence: list[dict], records: list[Record], as_of: dt.date,
                     *, stall_after_days: int = STALL_AFTER_DAYS, due_soon_days: int = DUE_SOON_DAYS) -> Assessment:
    """Status histories of every provision (and of each body for per-body ones) as known on ``as_of``,
    by the codebook's rules for its kind (:mod:`charterwatch.assess.codebook`)."""
    by_provision = observations(agreement, evidence, records)
    reports = [Report(o.date, p.id, o.body_id, o.ref) for p in agreement.provisions for o in by_provision[p.id]
               if o.kind == "news" and o.body_id and o.event == "delivered"]
    due_items = compute_deadlines(agreement, records, as_of, reports=reports, due_soon_days=due_soon_days)
    results = []
    for provision in agreement.provisions:
        obs = by_provision[provision.id]
        rule = rule_of(provision)
        options = dict(delivered_by=tuple(provision.delivered_by or ("delivered",)), stall_after_days=stall_after_days,
                       stalls_when_quiet=rule.stalls_when_quiet, top=rule.top)
        mine_due = [d for d in due_items if d.provision_id == provision.id]
        bodies = agreement.bodies_for(provision) if provision.due is not None and provision.due.per_body else []
        if not bodies:
            missed = _missed(mine_due) if rule.stalls_at_deadline else []
            history = _with_passages(assess_provision(obs, as_of, missed_deadlines=missed, **options), obs, as_of)
            results.append(_summary(agreement, provision, None, history, obs, as_of, due_items))
            continue
        body_results = []
        for body in bodies:
            # the group's own reports, plus announcements that covered every group (the signing)
            mine = [o for o in obs if o.body_id == body.id or (o.body_id is None and o.kind == "news"
                                                               and o.event in ("announced", "agreed"))]
            body_missed = _missed([d for d in mine_due if d.body_id == body.id])
            body_history = _with_passages(assess_provision(mine, as_of, missed_deadlines=body_missed, **options),
                                          mine, as_of)
            body_results.append(_summary(agreement, provision, body.id, body_history, mine, as_of, due_items))
        whole = _combined({b.body_id: list(b.history) for b in body_results}, as_of)
        results.append(_summary(agreement, provision, None, whole, obs, as_of, due_items))
        results.extend(body_results)
    return Assessment(agreement.id, as_of, tuple(results), tuple(due_items))


@dataclass(frozen=True)
class GroupSummary:
    """One body (working group): its meetings, projects, roadmap and status.

    ``status`` is the group's own, as a standing body (never ``delivered``: see the codebook);
    ``roadmap_status`` is the status of what it owes by its deadline.
    """

    body_id: str
    name: str
    status: str
    since: dt.date | None
    meetings: tuple[dict, ...]       # date, sources, known_by: recorded (record, agreement file) or reported
    projects: tuple[dict, ...]
    roadmap: dict | None
    due: DueItem | None
    roadmap_status: str | None = None
    #: meetings one outlet alone reported: shown, not counted, until a second source confirms them
    single_reports: tuple[dict, ...] = ()


def _standing(history: tuple[StatusChange, ...]) -> tuple[str, dt.date | None]:
    """A standing body's status from its deliverable's history: delivering it is progress, not the end."""
    status, since = "no_evidence", None
    for change in history:
        level = "in_progress" if change.status == "delivered" else change.status
        if level != status:
            status, since = level, change.since
    return status, since


def group_summaries(agreement: Agreement, evidence: list[dict], records: list[Record],
                    assessment: Assessment) -> list[GroupSummary]:
    """What each body did, as known on the assessment's day."""
    by_provision = observations(agreement, evidence, records)
    as_of = assessment.as_of
    out = []
    for body in agreement.bodies:
        owning = [p for p in agreement.provisions if body.id in p.bodies or (p.due and p.due.per_body)]
        obs = [o for p in owning for o in by_provision[p.id] if o.date <= as_of
               and (o.body_id == body.id or (o.body_id is None and body.id in p.bodies and len(p.bodies) == 1))]
        meetings: dict[dt.date, dict] = {}
        for o in sorted(obs, key=lambda o: (o.date, not o.official)):
            if o.event != "meeting_held":
                continue
            # a report a few days after a known meeting is about that meeting, not another one
            known = next((d for d in meetings if 0 <= (o.date - d).days <= MEETING_REPORT_DAYS), None)
            entry = meetings.setdefault(known or o.date, {"date": (known or o.date).isoformat(), "sources": [],
                                                          "known_by": "reported"})
            if o.official:
                entry["known_by"] = "recorded"
            if o.source not in entry["sources"]:
                entry["sources"].append(o.source)
        # a meeting counts when a record or the agreement file says so, or two independent outlets report it
        counted = tuple(m for m in meetings.values() if m["known_by"] == "recorded"
                        or len(m["sources"]) >= MEETING_SOURCES)
        single = tuple(m for m in meetings.values() if m not in counted)
        projects = tuple({"date": r.date.isoformat(), "text": r.text, "record_id": r.id} for r in records
                         if r.body_id == body.id and r.kind == "project" and not r.withdrawn and r.date <= as_of)
        roadmap_record = next((r for r in records if r.body_id == body.id and r.kind == "roadmap" and not r.withdrawn
                               and r.date <= as_of), None)
        per_body = next((p for p in assessment.provisions if p.body_id == body.id), None)
        own = next((p for p in assessment.provisions if p.provision_id in {q.id for q in owning} and p.body_id is None
                    and body.id in (agreement.provision(p.provision_id).bodies or [])), None)
        chosen = per_body or own
        due = per_body.due if per_body else None
        roadmap = ({"date": roadmap_record.date.isoformat(), "record_id": roadmap_record.id, "text": roadmap_record.text}
                   if roadmap_record else (due.met_by_report if due and due.met_by_report else None))
        status, since = _standing(chosen.history) if chosen else ("no_evidence", None)
        out.append(GroupSummary(body.id, body.name, status, since, counted, projects, roadmap, due,
                                per_body.status.status if per_body else None, single))
    return out
