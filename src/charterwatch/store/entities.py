"""Entities and their name variants in the store: seeded from the agreement, curated by analysts,
and counted from what the documents say (first/last seen, titles, sources)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from charterwatch.agreement.model import Agreement
from charterwatch.entities.mentions import Lexicon, Mention
from charterwatch.entities.names import variant_keys
from charterwatch.errors import CharterwatchError, NotFoundError
from charterwatch.store.schema import EntityRow, EntityVariantRow

#: A variant found only by fuzzy matching becomes known after this many independent sources.
CONFIRMING_SOURCES = 2


def bump_names_revision(session: Session) -> None:
    """The names that matching uses changed (a merge, a split, an accepted or confirmed name): what
    was understood with the old names is understood again by the next cycle."""
    from charterwatch.store.schema import StoreStateRow

    row = session.get(StoreStateRow, "names")
    if row is None:
        session.add(StoreStateRow(key="names", value=1))
    else:
        row.value += 1


def names_revision(session: Session) -> int:
    from charterwatch.store.schema import StoreStateRow

    row = session.get(StoreStateRow, "names")
    return row.value if row is not None else 0


def normalized(surface: str) -> str:
    return " ".join(variant_keys(surface)) or surface.casefold()


def sync_entities(session: Session, agreement: Agreement) -> int:
    """Add the agreement's entities and variants that the store lacks; never undo an analyst's work.

    :returns: how many variants were added
    """
    added = 0
    for entity in agreement.entities:
        row = session.scalar(select(EntityRow).where(EntityRow.key == entity.id))
        if row is None:
            row = EntityRow(key=entity.id, type=entity.type, name=entity.name, role=entity.role, status="known")
            session.add(row)
            session.flush()
        if row.status == "merged":
            continue
        known = {normalized(v.text) for v in _all_variants(session)}
        for surface in [entity.name, *entity.variants]:
            if normalized(surface) not in known:
                session.add(EntityVariantRow(entity_id=row.id, text=surface, normalized=normalized(surface), titles=[],
                                             sources=[], status="known"))
                known.add(normalized(surface))
                added += 1
    session.flush()
    return added


def _all_variants(session: Session) -> list[EntityVariantRow]:
    return list(session.scalars(select(EntityVariantRow)))


def lexicon(session: Session) -> Lexicon:
    """The matcher built from the store's live entities and known variants."""
    rows = session.scalars(select(EntityRow).where(EntityRow.status == "known").order_by(EntityRow.id))
    out = []
    for row in rows:
        names = [v.text for v in session.scalars(select(EntityVariantRow).where(
            EntityVariantRow.entity_id == row.id, EntityVariantRow.status == "known").order_by(EntityVariantRow.id))]
        out.append((row.key, row.type, [row.name, *names]))
    return Lexicon(out)


def record_mentions(session: Session, seen: list[tuple[int, str | None, dt.date | None, list[Mention]]], *,
                    reset: bool = True) -> None:
    """Count every variant from ``seen`` = (document id, outlet, date, mentions).

    :param reset: recount from ``seen`` alone (a full run); else add ``seen`` to what is counted
        (a monitoring cycle's new documents: first/last seen, titles and sources only grow)
    Surface forms not stored yet become variants: known when matched exactly or by a case ending,
    proposed when matched fuzzily, until CONFIRMING_SOURCES different outlets have used them.
    """
    from charterwatch.store.schema import DocumentRow

    entities = {row.key: row for row in session.scalars(select(EntityRow))}
    variants: dict[tuple[int, str], EntityVariantRow] = {(v.entity_id, v.normalized): v for v in _all_variants(session)}
    stats: dict[tuple[int, str], dict] = defaultdict(lambda: {"dates": [], "titles": set(), "sources": set(),
                                                              "outlets": set(), "surface": None, "fuzzy": True})
    for document_id, outlet, published, mentions in seen:
        for mention in mentions:
            entity = entities.get(mention.entity)
            if entity is None:
                continue
            while entity.status == "merged" and entity.merged_into is not None:
                entity = session.get(EntityRow, entity.merged_into)
            key = (entity.id, normalized(mention.surface))
            stat = stats[key]
            stat["surface"] = stat["surface"] or mention.surface
            stat["fuzzy"] = stat["fuzzy"] and mention.matched_by == "fuzzy"
            stat["sources"].add(document_id)
            stat["outlets"].add(outlet or f"document {document_id}")
            if published:
                stat["dates"].append(published)
            if mention.title:
                stat["titles"].add(mention.title)
    if reset:
        for variant in variants.values():
            variant.first_seen = variant.last_seen = None
            variant.titles, variant.sources = [], []
    for key, stat in stats.items():
        variant = variants.get(key)
        if variant is None:
            variant = EntityVariantRow(entity_id=key[0], text=stat["surface"], normalized=key[1], status="known",
                                       titles=[], sources=[])
            session.add(variant)
            variants[key] = variant
        earlier = set(variant.sources or [])
        if stat["fuzzy"] and variant.status != "known":
            outlets = set(stat["outlets"])
            if earlier - stat["sources"]:
                outlets |= {o or f"document {i}" for i, o in session.execute(
                    select(DocumentRow.id, DocumentRow.outlet).where(DocumentRow.id.in_(sorted(earlier))))}
            status = "known" if len(outlets) >= CONFIRMING_SOURCES else "proposed"
            if status == "known" and variant.status == "proposed":
                bump_names_revision(session)
            variant.status = status
        dates = stat["dates"] + [d for d in (variant.first_seen, variant.last_seen) if d]
        variant.first_seen = min(dates, default=None)
        variant.last_seen = max(dates, default=None)
        variant.titles = sorted(stat["titles"] | set(variant.titles or []))
        variant.sources = sorted(stat["sources"] | earlier)
    session.flush()


def _entity(session: Session, key: str) -> EntityRow:
    row = session.scalar(select(EntityRow).where(EntityRow.key == key))
    if row is None:
        raise NotFoundError(f"entity {key!r}: no such entity (see `charterwatch entities list`)")
    return row


def list_entities(session: Session) -> list[dict]:
    out = []
    for row in session.scalars(select(EntityRow).order_by(EntityRow.type, EntityRow.name)):
        variants = list(session.scalars(select(EntityVariantRow).where(EntityVariantRow.entity_id == row.id)))
        sources = {s for v in variants for s in (v.sources or [])}
        merged = session.get(EntityRow, row.merged_into).key if row.merged_into else None
        out.append({"id": row.key, "type": row.type, "name": row.name, "role": row.role, "status": row.status,
                    "merged_into": merged, "variants": len(variants), "documents": len(sources)})
    return out


def show_entity(session: Session, key: str) -> dict:
    row = _entity(session, key)
    variants = session.scalars(select(EntityVariantRow).where(EntityVariantRow.entity_id == row.id)
                               .order_by(EntityVariantRow.status, EntityVariantRow.first_seen.is_(None), EntityVariantRow.first_seen,
                                         EntityVariantRow.id))
    return {"id": row.key, "type": row.type, "name": row.name, "role": row.role, "status": row.status,
            "changed_by": row.changed_by, "changed_at": row.changed_at,
            "variants": [{"text": v.text, "status": v.status, "first_seen": v.first_seen, "last_seen": v.last_seen,
                          "titles": v.titles or [], "sources": v.sources or []} for v in variants]}


def merge_entities(session: Session, keep: str, absorb: str, *, by: str, now: dt.datetime) -> dict:
    """Move every variant of ``absorb`` to ``keep``; ``absorb`` stays, marked merged, for the record."""
    bump_names_revision(session)
    if keep == absorb:
        raise CharterwatchError(f"entities merge: {keep!r} cannot be merged into itself")
    survivor, gone = _entity(session, keep), _entity(session, absorb)
    if gone.status == "merged":
        raise CharterwatchError(f"entities merge: {absorb!r} was already merged")
    existing = {v.normalized for v in session.scalars(select(EntityVariantRow).where(EntityVariantRow.entity_id == survivor.id))}
    for variant in list(session.scalars(select(EntityVariantRow).where(EntityVariantRow.entity_id == gone.id))):
        if variant.normalized in existing:
            session.delete(variant)
        else:
            variant.entity_id = survivor.id
            existing.add(variant.normalized)
    if normalized(gone.name) not in existing:
        session.add(EntityVariantRow(entity_id=survivor.id, text=gone.name, normalized=normalized(gone.name), titles=[],
                                     sources=[], status="known"))
    gone.status, gone.merged_into, gone.changed_by, gone.changed_at = "merged", survivor.id, by, now
    survivor.changed_by, survivor.changed_at = by, now
    session.flush()
    return show_entity(session, keep)


def split_entity(session: Session, key: str, variant_text: str, *, new_key: str, new_name: str | None, by: str,
                 now: dt.datetime) -> dict:
    """Move one variant (and its case forms) of ``key`` to a new entity: "this spelling is someone else"."""
    bump_names_revision(session)
    source = _entity(session, key)
    if session.scalar(select(EntityRow).where(EntityRow.key == new_key)) is not None:
        raise CharterwatchError(f"entities split: {new_key!r} already exists")
    target_norm = normalized(variant_text)
    moving = [v for v in session.scalars(select(EntityVariantRow).where(EntityVariantRow.entity_id == source.id))
              if v.normalized == target_norm]
    if not moving:
        raise NotFoundError(f"entities split: {variant_text!r} is not a variant of {key!r}")
    row = EntityRow(key=new_key, type=source.type, name=new_name or variant_text, role=None, status="known",
                    changed_by=by, changed_at=now)
    session.add(row)
    session.flush()
    for variant in moving:
        variant.entity_id = row.id
    source.changed_by, source.changed_at = by, now
    session.flush()
    return show_entity(session, new_key)


def propose_entities(session: Session, candidates) -> int:
    """Store new-name candidates as proposed entities (or refresh their sources); returns how many are new."""
    import re

    known = {v.normalized for v in _all_variants(session)}
    added = 0
    for candidate in candidates:
        norm = normalized(candidate.text)
        if norm in known:
            variant = session.scalar(select(EntityVariantRow).where(EntityVariantRow.normalized == norm))
            if variant is not None and variant.status == "proposed":
                variant.sources = list(candidate.documents)
            continue
        key = "new-" + re.sub(r"[^a-z0-9]+", "-", candidate.key).strip("-")
        if session.scalar(select(EntityRow).where(EntityRow.key == key)) is not None:
            continue
        row = EntityRow(key=key, type="unknown", name=candidate.text, role=None, status="proposed")
        session.add(row)
        session.flush()
        session.add(EntityVariantRow(entity_id=row.id, text=candidate.text, normalized=norm, titles=[],
                                     sources=list(candidate.documents), status="proposed"))
        known.add(norm)
        added += 1
    session.flush()
    return added


def accept_entity(session: Session, key: str, *, entity_type: str, by: str, now: dt.datetime) -> dict:
    """An analyst confirms a proposed entity (and says what it is); its names join the lexicon."""
    bump_names_revision(session)
    row = _entity(session, key)
    if row.status != "proposed":
        raise CharterwatchError(f"entities accept: {key!r} is {row.status}, not proposed")
    row.status, row.type, row.changed_by, row.changed_at = "known", entity_type, by, now
    for variant in session.scalars(select(EntityVariantRow).where(EntityVariantRow.entity_id == row.id)):
        variant.status = "known"
    session.flush()
    return show_entity(session, key)
