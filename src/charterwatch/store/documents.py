"""Documents, paragraphs and copies in the store. One document = one transaction (the caller's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from charterwatch.dedup.model import CopyLink, DedupDocument, DedupParagraph
from charterwatch.dedup.normalize import text_hash
from charterwatch.rows import Evidence, Story
from charterwatch.store.schema import CopyRow, DocumentRow, FeedRow, ParagraphRow  # noqa: F401 - FeedRow re-exported
from charterwatch.text.model import CleanDocument, Rejection


def stored_source_keys(session: Session, keys: Iterable[str]) -> set[str]:
    keys = list(set(keys))
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found.update(session.scalars(select(DocumentRow.source_key).where(DocumentRow.source_key.in_(chunk))))
    return found


def _document_values(document: CleanDocument | Rejection, now: dt.datetime, path: str | None) -> dict:
    if isinstance(document, Rejection):
        return dict(source_key=document.source_key, url=document.url, outlet=document.outlet, title=document.title,
                    text="", content_hash=None, input_format=document.input_format, language=None, published=None,
                    date_source=None, status="rejected", reject_reason=document.reason, ingested_at=now,
                    languages={}, extra={"origin": document.origin, "path": path})
    return dict(
        source_key=document.source_key, url=document.url, outlet=document.outlet, title=document.title,
        text=document.text, content_hash=text_hash(document.text), input_format=document.input_format,
        language=document.language, published=document.published, date_source=document.date_source,
        status="accepted", reject_reason=None, ingested_at=now,
        languages={"shares": document.language_shares, "mixed": document.mixed,
                   "spans": [{"language": s.language, "first": s.first_paragraph, "last": s.last_paragraph,
                              "chars": s.chars} for s in document.language_spans]},
        extra={"origin": document.origin, "path": path, "date_note": document.date_note, "removed": document.removed,
               "paragraphs": len(document.paragraphs)},
    )


def insert_documents(session: Session, documents: list[tuple[CleanDocument | Rejection, str | None]], *,
                     now: dt.datetime) -> list[int]:
    """Insert documents (each with the path it was read from) and their paragraphs; their ids, in order.

    Two multi-row statements rather than an ORM object per row: a bulk import stores thousands."""
    if not documents:
        return []
    ids = list(session.scalars(insert(DocumentRow).returning(DocumentRow.id, sort_by_parameter_order=True),
                               [_document_values(d, now, path) for d, path in documents]))
    paragraphs = [dict(document_id=document_id, position=p.position, text=p.text, language=p.language,
                       confidence=p.confidence, start_char=p.start_char, end_char=p.end_char)
                  for (d, _), document_id in zip(documents, ids) if isinstance(d, CleanDocument) for p in d.paragraphs]
    if paragraphs:
        session.execute(insert(ParagraphRow), paragraphs)
    return ids


def dedup_documents(session: Session) -> list[DedupDocument]:
    """Every accepted document with its paragraphs, for copy detection."""
    paragraphs: dict[int, list[DedupParagraph]] = {}
    for document_id, text, language in session.execute(
            select(ParagraphRow.document_id, ParagraphRow.text, ParagraphRow.language)
            .join(DocumentRow, DocumentRow.id == ParagraphRow.document_id)
            .where(DocumentRow.status == "accepted").order_by(ParagraphRow.document_id, ParagraphRow.position)):
        paragraphs.setdefault(document_id, []).append(DedupParagraph(text, language))
    rows = session.execute(select(DocumentRow.id, DocumentRow.published, DocumentRow.languages)
                           .where(DocumentRow.status == "accepted").order_by(DocumentRow.id))
    return [DedupDocument(id=i, paragraphs=tuple(paragraphs.get(i, ())), published=published,
                          mixed=bool((languages or {}).get("mixed"))) for i, published, languages in rows]


def copies_basis(session: Session) -> tuple[int, int, int]:
    """What the copy table must have been computed from to be current: (accepted documents, highest
    id, the copy rules' version: a store whose copies older rules found is recomputed)."""
    from charterwatch.dedup.copies import COPY_RULES

    count, highest = session.execute(select(func.count(), func.coalesce(func.max(DocumentRow.id), 0))
                                     .where(DocumentRow.status == "accepted")).one()
    return int(count), int(highest), COPY_RULES


def stored_copies_basis(session: Session) -> tuple[int, int, int] | None:
    from charterwatch.store.schema import StoreStateRow

    count, highest = session.get(StoreStateRow, "copies_count"), session.get(StoreStateRow, "copies_max_id")
    rules = session.get(StoreStateRow, "copies_rules")
    if count is None or highest is None:
        return None
    return count.value, highest.value, rules.value if rules is not None else 1


def replace_copies(session: Session, links: list[CopyLink], basis: tuple[int, int] | None = None) -> None:
    """The copy table is derived data: replaced whole, in one transaction, with the basis it was
    computed from (:func:`copies_basis` of the documents read), so a run killed before this commit, or
    a writer that did not see another's documents, leaves a basis that is not current, and the next
    run recomputes."""
    from charterwatch.store.schema import StoreStateRow

    session.execute(delete(CopyRow))
    session.add_all(CopyRow(document_id=link.document_id, original_id=link.original_id, kind=link.kind, score=link.score)
                    for link in links)
    if basis is not None:
        from charterwatch.dedup.copies import COPY_RULES

        for key, value in (("copies_count", basis[0]), ("copies_max_id", basis[1]), ("copies_rules", COPY_RULES)):
            row = session.get(StoreStateRow, key)
            if row is None:
                session.add(StoreStateRow(key=key, value=value))
            else:
                row.value = value
    session.flush()


def document_counts(session: Session) -> dict[str, int]:
    from sqlalchemy import case

    accepted, rejected, undated = session.execute(select(
        func.count(case((DocumentRow.status == "accepted", 1))),
        func.count(case((DocumentRow.status == "rejected", 1))),
        func.count(case(((DocumentRow.status == "accepted") & DocumentRow.published.is_(None), 1))))).one()
    copies = session.scalar(select(func.count()).select_from(CopyRow)) or 0
    return {"accepted": accepted, "rejected": rejected, "copies": copies, "originals": accepted - copies,
            "undateable": undated}


def list_documents(session: Session, *, language: str | None = None, include_rejected: bool = False,
                   originals_only: bool = False, limit: int | None = None, document_id: int | None = None,
                   document_ids: list[int] | None = None) -> list[dict]:
    """Documents with their copy relation, newest first (undated last)."""
    query = (select(DocumentRow, CopyRow.original_id, CopyRow.kind, CopyRow.score)
             .outerjoin(CopyRow, CopyRow.document_id == DocumentRow.id))
    if document_id is not None:
        query = query.where(DocumentRow.id == document_id)
    if document_ids is not None:
        query = query.where(DocumentRow.id.in_(document_ids))
    if not include_rejected:
        query = query.where(DocumentRow.status == "accepted")
    if language:
        query = query.where(DocumentRow.language == language)
    if originals_only:
        query = query.where(CopyRow.original_id.is_(None))
    query = query.order_by(DocumentRow.published.is_(None), DocumentRow.published.desc(), DocumentRow.id)
    if limit:
        query = query.limit(limit)
    out = []
    for row, original_id, kind, score in session.execute(query):
        out.append({
            "id": row.id, "title": row.title, "url": row.url, "outlet": row.outlet, "status": row.status,
            "reject_reason": row.reject_reason, "published": row.published, "date_source": row.date_source,
            "date_note": (row.extra or {}).get("date_note"), "language": row.language,
            "languages": (row.languages or {}).get("shares", {}), "mixed": bool((row.languages or {}).get("mixed")),
            "paragraphs": (row.extra or {}).get("paragraphs", 0), "path": (row.extra or {}).get("path"),
            "copy_of": original_id, "copy_kind": kind, "copy_score": score,
        })
    return out


def copies_of(session: Session, document_id: int) -> list[dict]:
    rows = session.execute(select(DocumentRow.id, DocumentRow.title, DocumentRow.outlet, DocumentRow.language,
                                  DocumentRow.published, CopyRow.kind, CopyRow.score)
                           .join(CopyRow, CopyRow.document_id == DocumentRow.id)
                           .where(CopyRow.original_id == document_id).order_by(DocumentRow.id))
    return [{"id": i, "title": t, "outlet": o, "language": lang, "published": p, "kind": k, "score": s}
            for i, t, o, lang, p, k, s in rows]


def document_paragraphs(session: Session, document_id: int) -> list[ParagraphRow]:
    return list(session.scalars(select(ParagraphRow).where(ParagraphRow.document_id == document_id)
                                .order_by(ParagraphRow.position)))


def load_embeddings(session: Session, model: str, keys: list[str]) -> dict[str, bytes]:
    from charterwatch.store.schema import EmbeddingRow

    found: dict[str, bytes] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        rows = session.execute(select(EmbeddingRow.text_sha256, EmbeddingRow.vector)
                               .where(EmbeddingRow.model == model, EmbeddingRow.text_sha256.in_(chunk))).all()
        found.update((key, bytes(vector)) for key, vector in rows)
    return found


def save_embeddings(session: Session, model: str, vectors: dict[str, bytes]) -> None:
    from charterwatch.store.schema import EmbeddingRow

    known = set(load_embeddings(session, model, list(vectors)))
    session.add_all(EmbeddingRow(text_sha256=key, model=model, vector=value)
                    for key, value in vectors.items() if key not in known)
    session.flush()


def evidence_for(session: Session, agreement_id: str) -> list[Evidence]:
    """Every evidence row of an agreement, each with where its passage comes from (a copy speaks for its original)."""
    from sqlalchemy.orm import aliased

    from charterwatch.store.schema import EvidenceRow

    e, original = EvidenceRow, aliased(DocumentRow)
    query = (select(e.provision_id, e.event_type, e.score, e.quote, e.quote_start, e.quote_end, e.cue, e.entities,
                    ParagraphRow.document_id, ParagraphRow.position, ParagraphRow.language,
                    DocumentRow.published, DocumentRow.outlet, DocumentRow.title, DocumentRow.url,
                    CopyRow.original_id, original.outlet.label("original_outlet"))
             .join(ParagraphRow, ParagraphRow.id == e.paragraph_id)
             .join(DocumentRow, DocumentRow.id == ParagraphRow.document_id)
             .outerjoin(CopyRow, CopyRow.document_id == DocumentRow.id)
             .outerjoin(original, original.id == CopyRow.original_id)
             .where(e.agreement_id == agreement_id))
    query = query.order_by(e.provision_id, DocumentRow.published.is_(None), DocumentRow.published, e.id)
    out = []
    for (provision, event, score, quote, start, end, cue, entities, document_id, position, language, published, outlet,
         title, url, original_id, original_outlet) in session.execute(query):
        # a copy's passage speaks for its original's outlet: it never counts as a second source
        speaks_for, source = (original_id, original_outlet) if original_id else (document_id, outlet)
        out.append(Evidence(document_id=document_id, copy_of=original_id, source=source or f"document {speaks_for}",
                            paragraph_index=position, provision_id=provision, event_type=event, score=score,
                            quote=quote, quote_start=start, quote_end=end, cue=cue, entities=entities,
                            language=language, published=published, outlet=outlet, title=title, url=url))
    return out


def list_stories(session: Session) -> list[Story]:
    from charterwatch.store.schema import StoryRow

    members: dict[int, list[int]] = {}
    on_topic: set[int] = set()
    for story_id, document_id, flag in session.execute(select(DocumentRow.story_id, DocumentRow.id, DocumentRow.on_topic)
                                                       .where(DocumentRow.story_id.is_not(None)).order_by(DocumentRow.id)):
        members.setdefault(story_id, []).append(document_id)
        if flag:
            on_topic.add(story_id)
    out = []
    for row in session.scalars(select(StoryRow).order_by(StoryRow.first_seen.is_(None), StoryRow.first_seen, StoryRow.id)):
        ids = members.get(row.id, [])
        out.append(Story(id=row.id, title=row.title, document_ids=ids, first_seen=row.first_seen,
                         last_seen=row.last_seen, languages=row.languages, sources=row.sources,
                         on_topic=row.id in on_topic))
    return out


def replace_status_history(session: Session, agreement_id: str, rows: list[dict]) -> None:
    """The stored status history is the last assessment's; recomputed whole by `assess`."""
    from charterwatch.store.schema import StatusChangeRow

    session.execute(delete(StatusChangeRow).where(StatusChangeRow.agreement_id == agreement_id))
    session.add_all(StatusChangeRow(agreement_id=agreement_id, **row) for row in rows)
    session.flush()


def document_coverage(session: Session, as_of) -> dict:
    """What was searched: original documents dated by ``as_of`` that understanding has read, their
    outlets and languages, and how many stored documents are still waiting to be understood."""
    from charterwatch.store.schema import UnderstandingRow

    searched = (select(DocumentRow.outlet, DocumentRow.language)
                .join(UnderstandingRow, UnderstandingRow.document_id == DocumentRow.id)
                .outerjoin(CopyRow, CopyRow.document_id == DocumentRow.id)
                .where(DocumentRow.status == "accepted", CopyRow.document_id.is_(None),
                       DocumentRow.published.is_not(None), DocumentRow.published <= as_of).subquery())
    documents, outlets = session.execute(select(func.count(), func.count(searched.c.outlet.distinct()))).one()
    languages = session.scalars(select(searched.c.language).where(searched.c.language.is_not(None)).distinct())
    waiting = session.scalar(select(func.count()).select_from(DocumentRow)
                             .outerjoin(UnderstandingRow, UnderstandingRow.document_id == DocumentRow.id)
                             .where(DocumentRow.status == "accepted", UnderstandingRow.document_id.is_(None))) or 0
    return {"documents": documents, "outlets": outlets, "languages": sorted(languages), "waiting": waiting}


#: How the dashboard's document list may be sorted (the API pages by id).
DOCUMENT_SORTS = ("newest", "oldest", "outlet", "language", "id")


def _filtered(query, *, language=None, date_from=None, date_to=None, provision=None, outlet=None,
              originals_only=False, text=None, include_rejected=False):
    """``query`` (over documents outer-joined with copies) narrowed by the listing's filters."""
    from charterwatch.store.schema import EvidenceRow

    d = DocumentRow
    if not include_rejected:
        query = query.where(d.status == "accepted")
    if language:
        query = query.where(d.language == language)
    if date_from:
        query = query.where(d.published >= date_from)
    if date_to:
        query = query.where(d.published <= date_to)
    if outlet:
        query = query.where(d.outlet == outlet)
    if originals_only:
        query = query.where(CopyRow.original_id.is_(None))
    for word in (text or "").split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(d.title.ilike(pattern, escape="\\"), d.text.ilike(pattern, escape="\\")))
    if provision:
        agreement_id, provision_id = provision
        with_evidence = (select(ParagraphRow.document_id).join(EvidenceRow, EvidenceRow.paragraph_id == ParagraphRow.id)
                         .where(EvidenceRow.agreement_id == agreement_id, EvidenceRow.provision_id == provision_id))
        query = query.where(d.id.in_(with_evidence))
    return query


def page_documents(session: Session, *, after_id: int = 0, limit: int = 50, sort: str = "id", offset: int = 0,
                   include_rejected: bool = False, **filters) -> list[dict]:
    """One page of documents: by id with keyset pagination (``after_id`` is the cursor; the API), or
    sorted (``sort``: newest, oldest, outlet, language; ``offset`` pages; the dashboard).

    Only the listing's columns are read (never the text), so a page costs the same at any store size.

    :param text: words that must all appear in the title or the text (case-insensitive)
    :param include_rejected: also inputs that gave no document (the export wants them; listings don't)
    """
    d = DocumentRow
    query = (select(d.id, d.title, d.url, d.outlet, d.published, d.date_source, d.language, d.languages, d.story_id,
                    d.on_topic, d.status, d.reject_reason, CopyRow.original_id, CopyRow.kind)
             .outerjoin(CopyRow, CopyRow.document_id == d.id))
    query = _filtered(query, include_rejected=include_rejected, **filters)
    if sort == "id":
        query = query.where(d.id > after_id).order_by(d.id)
    else:
        order = {"newest": (d.published.is_(None), d.published.desc(), d.id.desc()),
                 "oldest": (d.published.is_(None), d.published, d.id),
                 "outlet": (d.outlet.is_(None), d.outlet, d.published.desc(), d.id),
                 "language": (d.language.is_(None), d.language, d.published.desc(), d.id)}[sort]
        query = query.order_by(*order).offset(offset)
    out = []
    for (i, title, url, outlet_, published, date_source, language_, languages, story_id, on_topic, status, reason,
         original, kind) in session.execute(query.limit(limit)):
        row = {"id": i, "title": title, "url": url, "outlet": outlet_, "published": published, "date_source": date_source,
               "language": language_, "languages": (languages or {}).get("shares", {}), "copy_of": original,
               "copy_kind": kind, "story_id": story_id, "on_topic": on_topic}
        if include_rejected:
            row.update(status=status, reject_reason=reason)
        out.append(row)
    return out


def document_facets(session: Session, *, agreement_id: str | None = None, top: int = 12, **filters) -> dict:
    """Counts of the documents the filters select, by language, by outlet (the largest ``top``) and
    by the event type of their evidence for ``agreement_id``: what a list can be narrowed to."""
    from charterwatch.store.schema import EvidenceRow

    d = DocumentRow
    base = _filtered(select(d.id).outerjoin(CopyRow, CopyRow.document_id == d.id), **filters).subquery()
    languages = session.execute(select(d.language, func.count()).where(d.id.in_(select(base.c.id)))
                                .group_by(d.language).order_by(func.count().desc(), d.language)).all()
    outlets = session.execute(select(d.outlet, func.count()).where(d.id.in_(select(base.c.id)))
                              .group_by(d.outlet).order_by(func.count().desc(), d.outlet).limit(top)).all()
    events = []
    if agreement_id:
        events = session.execute(
            select(EvidenceRow.event_type, func.count(func.distinct(ParagraphRow.document_id)))
            .join(ParagraphRow, ParagraphRow.id == EvidenceRow.paragraph_id)
            .where(EvidenceRow.agreement_id == agreement_id, ParagraphRow.document_id.in_(select(base.c.id)))
            .group_by(EvidenceRow.event_type).order_by(func.count(func.distinct(ParagraphRow.document_id)).desc())).all()
    return {"language": [(v, n) for v, n in languages if v], "outlet": [(v, n) for v, n in outlets if v],
            "event_type": [(v, n) for v, n in events]}


def export_documents_page(session: Session, *, after_id: int, limit: int) -> list[dict]:
    """A page of documents (accepted and rejected) by id, with every exported field and their
    paragraphs: the export streams the store a page at a time, so memory stays flat at any size."""
    rows = list(session.execute(select(DocumentRow, CopyRow.original_id, CopyRow.kind, CopyRow.score)
                                .outerjoin(CopyRow, CopyRow.document_id == DocumentRow.id)
                                .where(DocumentRow.id > after_id).order_by(DocumentRow.id).limit(limit)))
    paragraphs: dict[int, list[dict]] = {}
    if rows:
        ids = [row.id for row, *_ in rows]
        for document_id, position, language, text in session.execute(
                select(ParagraphRow.document_id, ParagraphRow.position, ParagraphRow.language, ParagraphRow.text)
                .where(ParagraphRow.document_id.in_(ids)).order_by(ParagraphRow.document_id, ParagraphRow.position)):
            paragraphs.setdefault(document_id, []).append({"index": position, "language": language, "text": text})
    out = []
    for row, original_id, kind, score in rows:
        extra = row.extra or {}
        path = extra.get("path")
        out.append({
            "id": row.id, "url": row.url or (_file_uri(path) if path else None), "path": path, "outlet": row.outlet,
            "title": row.title, "published": row.published, "date_source": row.date_source,
            "date_note": extra.get("date_note"), "language": row.language,
            "languages": (row.languages or {}).get("shares", {}), "mixed": bool((row.languages or {}).get("mixed")),
            "status": row.status, "rejected_reason": row.reject_reason, "reject_reason": row.reject_reason,
            "copy_of": original_id, "copy_kind": kind, "copy_score": score, "story_id": row.story_id,
            "on_topic": row.on_topic, "ingested_at": row.ingested_at,
            "paragraph_count": len(paragraphs.get(row.id, [])), "paragraphs": paragraphs.get(row.id, []),
        })
    return out


def _file_uri(path: str) -> str:
    from pathlib import Path

    try:
        return Path(path).resolve().as_uri()
    except ValueError:
        return Path(path).as_uri() if Path(path).is_absolute() else path


def list_copies(session: Session) -> list[dict]:
    return [{"document_id": d, "original_id": o, "kind": k, "score": s}
            for d, o, k, s in session.execute(select(CopyRow.document_id, CopyRow.original_id, CopyRow.kind,
                                                     CopyRow.score).order_by(CopyRow.document_id))]
