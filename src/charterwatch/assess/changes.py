"""What changed between two days, and how much is delivered: shared by the dashboard and briefings.

Pure: an :class:`Assessment` and evidence rows in, plain data out. A briefing covers
``(since, as_of]``; the dashboard's "last 7 days" is the same window ending today.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charterwatch.assess.agreement_status import Assessment
from charterwatch.rows import Evidence, FoldedEvidence


@dataclass(frozen=True)
class StatusMove:
    provision_id: str
    body_id: str | None
    status: str
    previous: str | None          # None: the first status this provision had
    since: dt.date
    reason: str
    cited: tuple[dict, ...]


def status_moves(assessment: Assessment, since: dt.date, as_of: dt.date) -> list[StatusMove]:
    """Status changes dated after ``since`` and on or before ``as_of``, oldest first."""
    moves = []
    for p in assessment.provisions:
        previous = None
        for change in p.history:
            if since < change.since <= as_of:
                moves.append(StatusMove(p.provision_id, p.body_id, change.status, previous, change.since, change.reason,
                                        change.grounds))
            previous = change.status
    return sorted(moves, key=lambda m: (m.since, m.provision_id, m.body_id or ""))


def new_evidence(evidence: list[Evidence], since: dt.date, as_of: dt.date) -> dict[str, list[FoldedEvidence]]:
    """Passages published in ``(since, as_of]`` per provision, originals first and copies under them.

    Each original carries ``copies``: the rows of documents that copy it and cite the same
    provision. A copy whose original is outside the window is listed on its own.
    """
    in_window = [e for e in evidence if e.published is not None and since < e.published <= as_of]
    return fold_copies(in_window)


def fold_copies(evidence: list[Evidence]) -> dict[str, list[FoldedEvidence]]:
    """Evidence per provision with translated and syndicated copies folded under their original.

    Order is kept. A copy goes under the first passage of its original that cites the same
    provision; a copy whose original is not among ``evidence`` is listed on its own.
    """
    firsts: dict[tuple[str, int], FoldedEvidence] = {}
    entries: list[FoldedEvidence | None] = []
    for e in evidence:
        entry = FoldedEvidence.of(e) if e.copy_of is None else None
        if entry is not None:
            firsts.setdefault((e.provision_id, e.document_id), entry)
        entries.append(entry)
    out: dict[str, list[FoldedEvidence]] = {}
    for e, entry in zip(evidence, entries):
        listed = out.setdefault(e.provision_id, [])
        if entry is not None:
            listed.append(entry)
        elif (e.provision_id, e.copy_of) in firsts:
            firsts[(e.provision_id, e.copy_of)].copies.append(e)
        else:
            listed.append(FoldedEvidence.of(e))
    return {provision_id: rows for provision_id, rows in out.items() if rows}
