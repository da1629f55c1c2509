"""What understanding wrote, per document: evidence, relevance, story names, on-topic flags, stories.

A document is understood in one transaction together with its evidence rows (all or nothing), so
a cycle killed half-way leaves documents either fully understood or waiting for the next cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from charterwatch.link.relevance import on_topic
from charterwatch.rows import StoredParagraph
from charterwatch.store.schema import CopyRow, DocumentRow, EvidenceRow, ParagraphRow, StoryRow, UnderstandingRow

CHUNK = 500


@dataclass(frozen=True)
class DocumentUnderstanding:
    """One document's understanding, ready to store."""

    document_id: int
    copy_of: int | None
    story_entities: tuple[str, ...]
    relevance: dict[str, dict]                 # agreement id -> {"relevant": bool, "reason": str}
    vector: bytes | None
    names: tuple[tuple[str, str], ...]         # unknown capitalised names (surface, key), originals only
    evidence: dict[str, list[dict]]            # agreement id -> evidence rows (paragraph_id, provision_id, ...)


def pending_documents(session: Session, fingerprint: str, *, everything: bool = False) -> list[int]:
    """Accepted documents never understood, understood with something else, or whose copy relation changed."""
    d, u = DocumentRow, UnderstandingRow
    query = (select(d.id).outerjoin(u, u.document_id == d.id).outerjoin(CopyRow, CopyRow.document_id == d.id)
             .where(d.status == "accepted"))
    if not everything:
        changed_copy = or_(u.copy_of.is_distinct_from(CopyRow.original_id))
        query = query.where(or_(u.document_id.is_(None), u.fingerprint != fingerprint, changed_copy))
    return list(session.scalars(query.order_by(d.id)))


def waiting_count(session: Session, fingerprint: str) -> int:
    return len(pending_documents(session, fingerprint))


def paragraphs_of(session: Session, document_ids: list[int]) -> list[StoredParagraph]:
    """Paragraphs of these documents with their date, outlet, title and the original they copy."""
    out = []
    for start in range(0, len(document_ids), CHUNK):
        chunk = document_ids[start:start + CHUNK]
        rows = session.execute(
            select(ParagraphRow.id, ParagraphRow.document_id, ParagraphRow.position, ParagraphRow.text,
                   ParagraphRow.language, DocumentRow.published, DocumentRow.outlet, DocumentRow.title, CopyRow.original_id)
            .join(DocumentRow, DocumentRow.id == ParagraphRow.document_id)
            .outerjoin(CopyRow, CopyRow.document_id == DocumentRow.id)
            .where(ParagraphRow.document_id.in_(chunk))
            .order_by(ParagraphRow.document_id, ParagraphRow.position))
        out.extend(StoredParagraph(*r) for r in rows)
    return out


def write_understanding(session: Session, items: list[DocumentUnderstanding], *, fingerprint: str,
                        now: dt.datetime) -> None:
    """Replace these documents' evidence and understanding rows (one transaction: the caller's)."""
    ids = [item.document_id for item in items]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        paragraphs = select(ParagraphRow.id).where(ParagraphRow.document_id.in_(chunk))
        session.execute(delete(EvidenceRow).where(EvidenceRow.paragraph_id.in_(paragraphs)))
        session.execute(delete(UnderstandingRow).where(UnderstandingRow.document_id.in_(chunk)))
    for item in items:
        for agreement_id, rows in item.evidence.items():
            session.add_all(EvidenceRow(agreement_id=agreement_id, **row) for row in rows)
        session.add(UnderstandingRow(document_id=item.document_id, fingerprint=fingerprint, copy_of=item.copy_of,
                                     story_entities=list(item.story_entities), relevance=item.relevance,
                                     relevant=any(bool(v.get("relevant")) for v in item.relevance.values()),
                                     vector=item.vector, names=[list(n) for n in item.names], understood_at=now))
    session.flush()


def refresh_on_topic(session: Session, document_ids: Iterable[int]) -> dict[int, bool]:
    """On topic = the relevance gate passed for some agreement and the document either is evidence
    for it or names it with a paragraph that might be (:func:`charterwatch.link.relevance.on_topic`);
    a copy shares its original's flag (and makes it on topic).

    Updates these documents and every copy of them; returns the flags written.
    """
    ids = set(document_ids)
    for start in range(0, len(list(ids)), CHUNK):
        chunk = list(ids)[start:start + CHUNK]
        ids |= set(session.scalars(select(CopyRow.document_id).where(CopyRow.original_id.in_(chunk))))
        ids |= set(session.scalars(select(CopyRow.original_id).where(CopyRow.document_id.in_(chunk))))
    ids_list = sorted(ids)
    verdicts: dict[int, bool] = {}
    originals: dict[int, int | None] = {}
    for start in range(0, len(ids_list), CHUNK):
        chunk = ids_list[start:start + CHUNK]
        linked = set(session.execute(select(ParagraphRow.document_id, EvidenceRow.agreement_id)
                                     .join(EvidenceRow, EvidenceRow.paragraph_id == ParagraphRow.id)
                                     .where(ParagraphRow.document_id.in_(chunk)).distinct()).all())
        for document_id, relevance, original in session.execute(
                select(DocumentRow.id, UnderstandingRow.relevance, CopyRow.original_id)
                .outerjoin(UnderstandingRow, UnderstandingRow.document_id == DocumentRow.id)
                .outerjoin(CopyRow, CopyRow.document_id == DocumentRow.id)
                .where(DocumentRow.id.in_(chunk), DocumentRow.status == "accepted")):
            verdicts[document_id] = any(on_topic(bool(v.get("relevant")), bool(v.get("names")),
                                                 (document_id, agreement) in linked, v.get("support"),
                                                 bool(v.get("signing")))
                                        for agreement, v in (relevance or {}).items())
            originals[document_id] = original
    flags = {i: verdicts[i] or verdicts.get(originals[i] or i, False) for i in verdicts}
    # an original is on topic when a copy of it is (a translation may be what names the agreement)
    for i, original in originals.items():
        if original is not None and flags[i] and original in flags:
            flags[original] = True
    for flag in (True, False):
        chosen = [i for i, f in flags.items() if f is flag]
        for start in range(0, len(chosen), CHUNK):
            session.execute(update(DocumentRow).where(DocumentRow.id.in_(chosen[start:start + CHUNK])).values(on_topic=flag))
    return flags


@dataclass(frozen=True)
class StoryMember:
    document_id: int
    published: dt.date | None
    language: str | None
    outlet: str | None
    title: str | None
    entities: frozenset[str]
    vector: bytes | None
    story_id: int | None


def in_stories(d=DocumentRow, u=UnderstandingRow):
    """Which documents stories are made of: those on topic, and those the relevance gate let through
    for some agreement without any evidence (a press-conference report of the signing day that
    cites no clause is still a report of that day's event). Stories are not evidence: they tell
    which reports are one event, and every labelled pair of ../shared/realnews counts."""
    return or_(d.on_topic.is_(True), u.relevant.is_(True))


def story_members(session: Session, *, document_ids: Iterable[int] | None = None, story_ids: Iterable[int] = (),
                  dated_between: tuple[dt.date, dt.date] | None = None, undated: bool = False) -> list[StoryMember]:
    """The originals stories are made of (:func:`in_stories`): these ids, the members of these
    stories, or those dated in a window (and the undated ones, when asked)."""
    d, u = DocumentRow, UnderstandingRow
    query = (select(d.id, d.published, d.language, d.outlet, d.title, u.story_entities, u.vector, d.story_id)
             .join(u, u.document_id == d.id).outerjoin(CopyRow, CopyRow.document_id == d.id)
             .where(d.status == "accepted", in_stories(d, u), CopyRow.document_id.is_(None)))
    conditions = []
    if document_ids is not None:
        conditions.append(d.id.in_(list(document_ids)))
    story_ids = list(story_ids)
    if story_ids:
        conditions.append(d.story_id.in_(story_ids))
    if dated_between is not None:
        conditions.append(d.published.between(*dated_between))
    if undated:
        conditions.append(d.published.is_(None))
    if conditions:
        query = query.where(or_(*conditions))
    return [StoryMember(i, published, language, outlet, title, frozenset(entities or ()), vector, story_id)
            for i, published, language, outlet, title, entities, vector, story_id in session.execute(query.order_by(d.id))]


def replace_stories_of(session: Session, old_story_ids: Iterable[int], groups: list[list[StoryMember]]) -> set[int]:
    """Drop these stories and write ``groups`` (originals) as stories, copies joining their original's;
    returns the documents now in a story (originals and their copies)."""
    old = list(set(old_story_ids))
    members = [m.document_id for g in groups for m in g]
    if old:
        session.execute(update(DocumentRow).where(DocumentRow.story_id.in_(old)).values(story_id=None))
        session.execute(delete(StoryRow).where(StoryRow.id.in_(old)))
    copies: dict[int, list[tuple]] = {}
    for start in range(0, len(members), CHUNK):
        chunk = members[start:start + CHUNK]
        for copy_id, original_id, language, outlet, published in session.execute(
                select(CopyRow.document_id, CopyRow.original_id, DocumentRow.language, DocumentRow.outlet,
                       DocumentRow.published).join(DocumentRow, DocumentRow.id == CopyRow.document_id)
                .where(CopyRow.original_id.in_(chunk))):
            copies.setdefault(original_id, []).append((copy_id, language, outlet, published))
    placed: set[int] = set()
    for group in groups:
        group = sorted(group, key=lambda m: (m.published or dt.date.max, m.document_id))
        family = [c for m in group for c in copies.get(m.document_id, [])]
        dates = [m.published for m in group if m.published] + [c[3] for c in family if c[3]]
        languages = sorted({m.language for m in group if m.language} | {c[1] for c in family if c[1]})
        # a story is named by the smallest document id among its originals: derived, stable while its members are,
        # and never equal to the id of a document outside it
        row = StoryRow(id=min(m.document_id for m in group), title=next((m.title for m in group if m.title), None),
                       first_seen=min(dates, default=None),
                       last_seen=max(dates, default=None), languages=languages,
                       sources=len({m.outlet or f"document {m.document_id}" for m in group}))
        session.add(row)
        session.flush()
        ids = [m.document_id for m in group] + [c[0] for c in family]
        session.execute(update(DocumentRow).where(DocumentRow.id.in_(ids)).values(story_id=row.id))
        placed.update(ids)
    session.flush()
    return placed


def clear_stories_of(session: Session, document_ids: Iterable[int]) -> set[int]:
    """The stories these documents were in (to be re-formed), and take the documents out of them."""
    ids = list(document_ids)
    found: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        found |= {s for s in session.scalars(select(DocumentRow.story_id).where(DocumentRow.id.in_(chunk))) if s}
    return found


def name_runs(session: Session, keys: set[str]) -> list[tuple[int, str | None, list[tuple[str, str]]]]:
    """(document, outlet, names) of every understood original naming one of ``keys``."""
    out = []
    query = (select(UnderstandingRow.document_id, DocumentRow.outlet, UnderstandingRow.names)
             .join(DocumentRow, DocumentRow.id == UnderstandingRow.document_id)
             .outerjoin(CopyRow, CopyRow.document_id == UnderstandingRow.document_id)
             .where(CopyRow.document_id.is_(None)))
    for document_id, outlet, names in session.execute(query):
        runs = [(surface, key) for surface, key in names or () if key in keys]
        if runs:
            out.append((document_id, outlet, runs))
    return out


def understood_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UnderstandingRow)) or 0
