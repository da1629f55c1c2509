"""What an export holds: every table, its fields, their types and what they mean.

One list serves every format: the JSON and JSON-lines rows are built from it, the CSV headers,
the Frictionless ``datapackage.json`` (table schemas) and the export half of ``docs/codebook.md``.
A table whose rows hold a list of child rows in JSON (a document's paragraphs, a provision's
history) gives that list as its own CSV table, keyed by the parent's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from charterwatch.agreement.model import EntityType
from charterwatch.assess.codebook import ProvisionClass
from charterwatch.assess.deadlines import DueState
from charterwatch.assess.status import STATUSES
from charterwatch.dedup.model import CopyKind
from charterwatch.link.events import EVENT_TYPES
from charterwatch.records.model import RECORD_KINDS
from charterwatch.text.model import DateSource, ParagraphLanguage


@dataclass(frozen=True)
class Field:
    name: str
    type: str            # a Frictionless type: integer, number, string, boolean, date, datetime, array, object
    description: str
    codes: tuple[str, ...] = ()   # the closed set of values, when there is one
    #: in JSON and JSON lines only (a nested list that CSV gives as a child table)
    nested: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: tuple[Field, ...]
    #: the table whose rows hold these as a nested list in JSON (CSV only then)
    child_of: str | None = None
    #: the singular word the API's export stream puts in ``type``
    row_type: str = ""
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()   # (field, table, field)

    def csv_fields(self) -> list[Field]:
        return [f for f in self.fields if f.nested is None]


DATE_SOURCES = get_args(DateSource)
LANGUAGES = get_args(ParagraphLanguage)
DUE_STATES = get_args(DueState)
COPY_KINDS = get_args(CopyKind)

TABLES: tuple[Table, ...] = (
    Table("documents", "Every input read: accepted documents and rejected inputs with the reason.", (
        Field("id", "integer", "Document number in this store."),
        Field("url", "string", "The page's address; for a local file its file:// URI; empty for text given without one."),
        Field("path", "string", "The local file it was read from; empty for URLs and feeds."),
        Field("outlet", "string", "Who published it (given, the page's site name, or the host name)."),
        Field("title", "string", "The headline."),
        Field("published", "date", "The publication date; empty when no trustworthy date was found (never the ingest day)."),
        Field("date_source", "string", "How the date was found.", DATE_SOURCES),
        Field("date_note", "string", "Why there is no date, or how a yearless dateline was completed."),
        Field("language", "string", "Main language (the largest share of characters among the four).", ("en", "az", "tr", "ru")),
        Field("languages", "object", "Share of characters per language, e.g. {\"en\": 0.9, \"ru\": 0.1}."),
        Field("mixed", "boolean", "True when a second language holds a large share (a bilingual page)."),
        Field("status", "string", "accepted: a document; rejected: an input that gave none.", ("accepted", "rejected")),
        Field("rejected_reason", "string", "Why an input was rejected, in one line."),
        Field("reject_reason", "string", "The same as rejected_reason, under the name earlier exports used; kept until a release says in CHANGELOG that it goes."),
        Field("copy_of", "integer", "The original this document copies (a translation, syndication or near copy)."),
        Field("copy_kind", "string", "How it copies the original.", COPY_KINDS),
        Field("copy_score", "number", "How close the copy is (Jaccard, containment or aligned share)."),
        Field("story_id", "integer", "The story (same event, several reports) this original belongs to."),
        Field("on_topic", "boolean", "Whether understanding found it about a stored agreement; empty until understood."),
        Field("ingested_at", "datetime", "When charterwatch stored it (UTC)."),
        Field("paragraph_count", "integer", "Number of paragraphs."),
        Field("paragraphs", "array", "The paragraphs, each {index, language, text} (CSV: the paragraphs table).",
              nested="paragraphs"),
    ), row_type="document", primary_key=("id",), foreign_keys=(("copy_of", "documents", "id"),)),
    Table("paragraphs", "Each accepted document's paragraphs, in order.", (
        Field("document_id", "integer", "The document."),
        Field("index", "integer", "Position in the document, from 0 (evidence rows cite it)."),
        Field("language", "string", "Language of this paragraph.", LANGUAGES),
        Field("text", "string", "The paragraph's text after cleaning."),
    ), child_of="documents", row_type="paragraph", primary_key=("document_id", "index"),
        foreign_keys=(("document_id", "documents", "id"),)),
    Table("copies", "Documents that copy another: translations, syndications, near and partial copies.", (
        Field("document_id", "integer", "The copy."),
        Field("original_id", "integer", "The original it copies (the earliest dated, else the lowest id)."),
        Field("kind", "string", "How it copies.", COPY_KINDS),
        Field("score", "number", "How close the copy is."),
    ), row_type="copy", primary_key=("document_id",),
        foreign_keys=(("document_id", "documents", "id"), ("original_id", "documents", "id"))),
    Table("evidence", "Passages linked to the provisions they are evidence for, with what happened.", (
        Field("document_id", "integer", "The document the passage is in."),
        Field("paragraph_index", "integer", "The paragraph (index in the document)."),
        Field("provision_id", "string", "The provision it is evidence for (ids are stable across releases)."),
        Field("event_type", "string", "What the passage reports.", EVENT_TYPES),
        Field("score", "number", "The linker's calibrated probability, weighted by the event."),
        Field("quote", "string", "The sentence quoted, exactly as in the paragraph."),
        Field("quote_start", "integer", "Where the quote starts in the paragraph (a character offset)."),
        Field("quote_end", "integer", "Where it ends (the paragraph's text[quote_start:quote_end] is the quote)."),
        Field("cue", "string", "The words that decided the event type."),
        Field("entities", "array", "Names of people, places, organisations and projects in the passage."),
        Field("language", "string", "The paragraph's language.", LANGUAGES),
        Field("copy_of", "integer", "When the document is a copy: the original it speaks for."),
        Field("source", "string", "The independent source it counts as (a copy counts as its original's outlet)."),
        Field("published", "date", "The document's date."),
        Field("outlet", "string", "The document's own outlet (a copy's, where source is its original's)."),
        Field("title", "string", "The document's headline."),
        Field("url", "string", "The document's address."),
    ), row_type="evidence", foreign_keys=(("document_id", "documents", "id"),)),
    Table("stories", "Reports of the same event across outlets and languages.", (
        Field("id", "integer", "Story number."),
        Field("title", "string", "The first report's headline."),
        Field("first_seen", "date", "The first report's date."),
        Field("last_seen", "date", "The last report's date."),
        Field("languages", "array", "Languages it was reported in."),
        Field("sources", "integer", "Independent outlets that reported it."),
        Field("document_ids", "array", "The original reports in it."),
        Field("on_topic", "boolean", "Whether some report in it is on topic; false: background reports about the "
                                     "parties and subject that are evidence for nothing."),
    ), row_type="story", primary_key=("id",)),
    Table("entities", "People, places, organisations and projects, with every spelling seen.", (
        Field("id", "string", "Entity id."),
        Field("name", "string", "Canonical name."),
        Field("type", "string", "Kind of entity (unknown for a proposed name until an analyst accepts it).",
              (*get_args(EntityType), "unknown")),
        Field("status", "string", "known, proposed (waiting for an analyst) or merged into another.",
              ("known", "proposed", "merged")),
        Field("variants", "array", "Spellings, each {text, status, first_seen, last_seen, titles, sources} "
                                   "(CSV: the entity_variants table).", nested="entity_variants"),
    ), row_type="entity", primary_key=("id",)),
    Table("entity_variants", "Every spelling of each entity.", (
        Field("entity_id", "string", "The entity."),
        Field("text", "string", "The spelling as written."),
        Field("status", "string", "known, or proposed until two independent outlets used it.", ("known", "proposed")),
        Field("first_seen", "date", "First document date with this spelling."),
        Field("last_seen", "date", "Last document date with this spelling."),
        Field("titles", "array", "Titles written next to it (\"President\", \"Minister\")."),
        Field("sources", "array", "The documents that used it (their ids)."),
    ), child_of="entities", row_type="entity_variant", foreign_keys=(("entity_id", "entities", "id"),)),
    Table("provisions", "Each provision's status on the export day, with its text and evidence counts.", (
        Field("id", "string", "Provision id (stable across releases)."),
        Field("section", "string", "The section it is in."),
        Field("title", "string", "Short title (English)."),
        Field("text", "string", "What the agreement says."),
        Field("kind", "string", "Kind of provision (what the status codebook judges it by).",
              get_args(ProvisionClass)),
        Field("body_id", "string", "For a working group's share of a provision: the group."),
        Field("status", "string", "Status on the export day (docs/codebook.md says what each means).", STATUSES),
        Field("ordinal", "integer", "The status on the 0-3 scale of the Peace Accords Matrix."),
        Field("note", "string", "What keeps it below the next status, when something does."),
        Field("since", "date", "Since when it has this status."),
        Field("evidence_count", "integer", "Passages counted for it."),
        Field("sources", "integer", "Independent sources among them."),
        Field("languages", "array", "Languages of its evidence."),
        Field("due", "date", "Its next (or missed) due date."),
        Field("due_state", "string", "The state of that due date.", DUE_STATES),
        Field("days_late", "integer", "Days late, when met late."),
        Field("history", "array", "Every change of status, each {status, ordinal, since, reason, cited} "
                                  "(CSV: the provision_history table).", nested="provision_history"),
    ), row_type="provision"),
    Table("provision_history", "Every change of each provision's status, with what it cites.", (
        Field("provision_id", "string", "The provision."),
        Field("body_id", "string", "The working group, for a group's share."),
        Field("since", "date", "The day the status began."),
        Field("status", "string", "The status from that day.", STATUSES),
        Field("ordinal", "integer", "The status on the 0-3 scale."),
        Field("reason", "string", "Why, in a sentence."),
        Field("cited", "array", "What the change rests on: evidence passages, records or a due date."),
    ), child_of="provisions", row_type="provision_change"),
    Table("deadlines", "Everything owed by a date, and whether it was met, on the export day.", (
        Field("provision_id", "string", "The provision that sets the deadline."),
        Field("body_id", "string", "The working group it is owed by, for per-group deadlines."),
        Field("rule", "string", "The rule, as in the agreement (e.g. P3M after signing, every P1Y)."),
        Field("occurrence", "integer", "1, 2, ... for a recurring rule; empty for a one-off deadline."),
        Field("due", "date", "The due date."),
        Field("state", "string", "Its state on the export day.", DUE_STATES),
        Field("met_on", "date", "When it was met."),
        Field("met_by_record_id", "integer", "The secretariat record that met it."),
        Field("met_by_document_id", "integer", "The news report that met it, when no record did."),
        Field("days_left", "integer", "Days from the export day to the due date (negative once passed)."),
        Field("days_late", "integer", "Days late, when met late."),
    ), row_type="deadline"),
    Table("records", "The working groups' own records (meetings, projects, milestones, roadmaps), current revision.", (
        Field("id", "integer", "Record number."),
        Field("kind", "string", "What the body did.", RECORD_KINDS),
        Field("date", "date", "When it happened."),
        Field("provision_id", "string", "The provision it counts for."),
        Field("body_id", "string", "The body (working group) that did it."),
        Field("title", "string", "A short title."),
        Field("text", "string", "What the body decided or did."),
        Field("source", "string", "The URL or document it rests on."),
        Field("revision", "integer", "Its current revision number."),
        Field("withdrawn", "boolean", "Withdrawn records count for nothing, and are kept."),
        Field("created_at", "datetime", "When it was first recorded."),
        Field("created_by", "string", "Who recorded it."),
        Field("updated_at", "datetime", "When it was last changed."),
        Field("updated_by", "string", "Who last changed it."),
        Field("revisions", "array", "Every revision, each {revision, action, changed_at, changed_by, reason, "
                                    "snapshot} (CSV: the record_revisions table).", nested="record_revisions"),
    ), row_type="record", primary_key=("id",)),
    Table("record_revisions", "Every revision of every record: what it said after each change, who and why.", (
        Field("record_id", "integer", "The record."),
        Field("revision", "integer", "1 when created, then one more for each correction or withdrawal."),
        Field("action", "string", "What the change was.", ("created", "corrected", "withdrawn")),
        Field("changed_at", "datetime", "When."),
        Field("changed_by", "string", "Who."),
        Field("reason", "string", "Why, as given."),
        Field("snapshot", "object", "The record as it read after the change."),
    ), child_of="records", row_type="record_revision", primary_key=("record_id", "revision"),
        foreign_keys=(("record_id", "records", "id"),)),
)

BY_NAME = {t.name: t for t in TABLES}
#: The tables a JSON export has at its top level (the others are nested in them).
TOP_LEVEL = tuple(t.name for t in TABLES if t.child_of is None)


def choose_tables(only: str | None) -> list[Table]:
    """The tables ``--only`` names (comma-separated), in the export's order; all without it.

    A parent and its child tables go together (``documents`` and ``paragraphs``), as JSON nests one
    in the other.
    """
    from charterwatch.errors import CharterwatchError

    if not only:
        return list(TABLES)
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown or not names:
        raise CharterwatchError(f"--only {only!r}: unknown table {unknown[0] if unknown else '(none)'!r} "
                                f"(tables: {', '.join(BY_NAME)})")
    wanted = set(names) | {BY_NAME[n].child_of for n in names if BY_NAME[n].child_of}
    wanted |= {t.name for t in TABLES if t.child_of in wanted}
    return [t for t in TABLES if t.name in wanted]


def codebook_markdown() -> str:
    """The export half of docs/codebook.md: every table and field."""
    lines = ["## Exported data", "",
             "`charterwatch export --format json|jsonl|csv` and `/api/export?format=` write these tables. "
             "JSON nests a document's paragraphs, an entity's variants, a provision's history and a record's "
             "revisions in their parent; CSV gives each as its own table, with a Frictionless `datapackage.json` "
             "describing every file. Dates are ISO 8601 (YYYY-MM-DD), times UTC; empty means unknown, never a "
             "guess. JSON lines carry `table` (the table's name), `type` (its row's singular name, as the API's "
             "stream has always said; on an entities line `type` is the entity's own field) and `agreement` "
             "on every line.", ""]
    for table in TABLES:
        where = f" (CSV only; nested in `{table.child_of}` in JSON)" if table.child_of else ""
        lines += [f"### {table.name}{where}", "", table.description, "", "| field | type | meaning |", "|---|---|---|"]
        for f in table.fields:
            codes = f" Values: {', '.join(f'`{c}`' for c in f.codes)}." if f.codes else ""
            lines.append(f"| `{f.name}` | {f.type} | {f.description}{codes} |")
        lines.append("")
    return "\n".join(lines)
