"""The store's tables (SQLAlchemy 2). Alembic migrations in ``migrations/`` create them.

Designed up front for every stage: the agreement and the secretariats' records (foundation),
documents, paragraphs and copies (ingest), entities, evidence and stories (understand), and
status history (assess). Provision ids are stored as given, ``(agreement_id, id)`` being the key,
because outside tools cite them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints so migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def _ts() -> Mapped[dt.datetime]:
    return mapped_column(DateTime(timezone=True))


# --- Foundation: the agreement and the secretariats' records -------------------------------


class AgreementRow(Base):
    __tablename__ = "agreements"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    signed: Mapped[dt.date] = mapped_column(Date)
    #: 'bundled' or the path the file was loaded from
    source: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    #: the validated agreement, as JSON in the file format, so it can be rebuilt without the file
    document: Mapped[dict[str, Any]]
    loaded_at: Mapped[dt.datetime] = _ts()


class ProvisionRow(Base):
    __tablename__ = "provisions"
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    section_id: Mapped[str] = mapped_column(String(80))
    section_title: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    keywords: Mapped[dict[str, Any]]
    due: Mapped[dict[str, Any] | None]


class BodyRow(Base):
    __tablename__ = "bodies"
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class RecordRow(Base):
    """A secretariat record at its current revision; every revision is in ``record_revisions``."""

    __tablename__ = "records"
    __table_args__ = (
        ForeignKeyConstraint(["agreement_id", "provision_id"], ["provisions.agreement_id", "provisions.id"],
                             name="fk_records_provision"),
        ForeignKeyConstraint(["agreement_id", "body_id"], ["bodies.agreement_id", "bodies.id"],
                             name="fk_records_body"),
        Index("ix_records_agreement_body", "agreement_id", "body_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)
    provision_id: Mapped[str] = mapped_column(String(120))
    body_id: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = _ts()
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = _ts()
    updated_by: Mapped[str] = mapped_column(String(200))


class RecordRevisionRow(Base):
    """Append-only history of a record: nothing is overwritten without a trace."""

    __tablename__ = "record_revisions"
    __table_args__ = (UniqueConstraint("record_id", "revision", name="uq_record_revisions_record_revision"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[dt.datetime] = _ts()
    changed_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    snapshot: Mapped[dict[str, Any]]


# --- Ingest: documents, their paragraphs, copies, and feed state -------------------------


class StoryRow(Base):
    """Originals reporting the same event, across outlets and languages."""

    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    languages: Mapped[list[Any]]
    sources: Mapped[int] = mapped_column(Integer, default=0)


class DocumentRow(Base):
    __tablename__ = "documents"
    #: counts and "what was searched" read this index alone, never the (large) rows
    __table_args__ = (Index("ix_documents_listing", "published", "status", "language", "outlet"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: identity of the input (URL, or path + content hash): re-ingesting it adds nothing
    source_key: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    #: hash of the normalised text, for exact copies
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    input_format: Mapped[str] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(10), index=True)
    languages: Mapped[dict[str, Any]]
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    #: how the date was found: given | meta | url | text | feed; None = undateable
    date_source: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="accepted")  # accepted | rejected
    reject_reason: Mapped[str | None] = mapped_column(Text)
    on_topic: Mapped[bool | None] = mapped_column(Boolean)
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)
    ingested_at: Mapped[dt.datetime] = _ts()
    extra: Mapped[dict[str, Any]]


class ParagraphRow(Base):
    __tablename__ = "paragraphs"
    __table_args__ = (UniqueConstraint("document_id", "position", name="uq_paragraphs_document_position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10))  # en | az | tr | ru | other | unknown
    confidence: Mapped[float] = mapped_column(Float)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)


class CopyRow(Base):
    """A document that copies another; downstream stages count originals only."""

    __tablename__ = "copies"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    original_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # exact | near | partial | translation
    score: Mapped[float] = mapped_column(Float)


class FeedRow(Base):
    """Conditional-GET state of a polled feed."""

    __tablename__ = "feeds"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[dt.datetime | None] = _ts()


class EmbeddingRow(Base):
    """Cached paragraph embeddings, keyed by text so copies share them; float32 bytes."""

    __tablename__ = "embeddings"
    text_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(60), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


# --- Understand: entities, evidence ----------------------------------------------------------


class EntityRow(Base):
    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="known")  # known | proposed | merged
    #: set when an analyst merged this entity into another; its variants moved there
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    #: who changed it last and when (merge, split), for the record
    changed_by: Mapped[str | None] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime | None] = _ts()


class EntityVariantRow(Base):
    __tablename__ = "entity_variants"
    __table_args__ = (UniqueConstraint("entity_id", "normalized", name="uq_entity_variants_entity_normalized"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(300))
    normalized: Mapped[str] = mapped_column(String(300), index=True)
    language: Mapped[str | None] = mapped_column(String(10))
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    titles: Mapped[list[Any]]
    sources: Mapped[list[Any]]
    #: known (from the agreement, an analyst, or confirmed by two independent sources) | proposed
    status: Mapped[str] = mapped_column(String(10), default="known")


class EvidenceRow(Base):
    """A paragraph that is evidence for a provision: the quote, what it says happened, and why."""

    __tablename__ = "evidence"
    __table_args__ = (
        ForeignKeyConstraint(["agreement_id", "provision_id"], ["provisions.agreement_id", "provisions.id"],
                             name="fk_evidence_provision", ondelete="CASCADE"),
        UniqueConstraint("paragraph_id", "agreement_id", "provision_id", name="uq_evidence_paragraph_provision"),
        Index("ix_evidence_agreement_provision", "agreement_id", "provision_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"))
    agreement_id: Mapped[str] = mapped_column(String(80))
    provision_id: Mapped[str] = mapped_column(String(120))
    event_type: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    entities: Mapped[list[Any]]


# --- Assess: status history ------------------------------------------------------------------


class StatusChangeRow(Base):
    """One change of a provision's (or one body's) status, with the evidence behind it."""

    __tablename__ = "status_history"
    __table_args__ = (
        ForeignKeyConstraint(["agreement_id", "provision_id"], ["provisions.agreement_id", "provisions.id"],
                             name="fk_status_history_provision", ondelete="CASCADE"),
        Index("ix_status_history_agreement_provision", "agreement_id", "provision_id", "since"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(String(80))
    provision_id: Mapped[str] = mapped_column(String(120))
    body_id: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))
    ordinal: Mapped[int] = mapped_column(Integer)
    since: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    #: ids of evidence rows and records behind the change: {"evidence": [...], "records": [...]}
    grounds: Mapped[dict[str, Any]]


class BriefingRow(Base):
    """A briefing that was written: the next one reports what changed since its ``as_of``."""

    __tablename__ = "briefings"
    __table_args__ = (Index("ix_briefings_agreement_as_of", "agreement_id", "as_of"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(String(80))
    as_of: Mapped[dt.date] = mapped_column(Date)
    since: Mapped[dt.date] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(Text)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class StoreStateRow(Base):
    """Counters about the store itself: ``revision`` goes up with every write that can change a view."""

    __tablename__ = "store_state"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class UnderstandingRow(Base):
    """What understanding made of one document, and with what (so a cycle only does what is new).

    ``fingerprint`` names the agreements, names and model it was understood with; a document whose
    fingerprint or copy relation changed is understood again. Written in the same transaction as
    the document's evidence, so a killed cycle leaves no half-understood document.
    """

    __tablename__ = "understanding"
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    copy_of: Mapped[int | None] = mapped_column(Integer)
    story_entities: Mapped[list[Any]] = mapped_column(JSON)
    relevance: Mapped[dict[str, Any]] = mapped_column(JSON)   # agreement id -> {"relevant", "reason"}
    relevant: Mapped[bool | None] = mapped_column(Boolean)     # the gate passed for some agreement (stories)
    vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # mean paragraph embedding (stories)
    names: Mapped[list[Any]] = mapped_column(JSON)             # unknown capitalised names: [[surface, key], ...]
    understood_at: Mapped[dt.datetime] = _ts()


class StoredAssessmentRow(Base):
    """An assessment the writer computed after a cycle, for the store's revision it saw: a reader in
    another process (the dashboard after an ingest) uses it instead of assessing again."""

    __tablename__ = "assessments"
    agreement_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    stall_after_days: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
