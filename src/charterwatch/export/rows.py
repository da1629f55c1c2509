"""The rows of each exported table, read from the store a page at a time.

Documents (the one table that grows without bound, with their paragraphs) are read in pages by
id, so an export of any size holds one page in memory; the rest are the size of the agreement or
of the entity list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from charterwatch.agreement.model import Agreement
from charterwatch.export.tables import Table
from charterwatch.plain import to_jsonable
from charterwatch.workspace import Workspace

#: Documents read per query.
DOCUMENT_PAGE = 500


def table_values(workspace: Workspace, agreement: Agreement, table: Table, as_of: dt.date) -> Iterator[dict]:
    """The rows of one top-level table, each with its nested child rows, as the store gives them
    (dates as dates): the table's fields, in order."""
    for row in _PRODUCERS[table.name](workspace, agreement, as_of):
        yield {f.name: row.get(f.name) for f in table.fields}


def table_rows(workspace: Workspace, agreement: Agreement, table: Table, as_of: dt.date) -> Iterator[dict]:
    """:func:`table_values` as plain JSON values (what every export format writes)."""
    for row in table_values(workspace, agreement, table, as_of):
        yield {name: to_jsonable(value) for name, value in row.items()}


def child_rows(table: Table, parent: Table, row: dict) -> list[dict]:
    """A child table's rows (CSV), taken from the parent row's nested list and keyed by its id."""
    nested = next(f.name for f in parent.fields if f.nested == table.name)
    key = table.fields[0].name          # document_id, entity_id, provision_id, record_id
    return [{key: row["id"], **child} for child in row[nested] or []]


def _documents(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    cursor = 0
    while True:
        page = workspace.export_documents_page(after_id=cursor, limit=DOCUMENT_PAGE)
        if not page:
            return
        yield from page
        cursor = page[-1]["id"]


def _copies(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    yield from workspace.copies()


def _evidence(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    for row in workspace.evidence(agreement):
        yield row.as_dict()


def _stories(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    for story in workspace.stories():
        yield story.as_dict()


def _entities(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    for listed in workspace.entities():
        yield workspace.entity(listed["id"])


def _provisions(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    for row in workspace.export_provisions(agreement, as_of):
        provision = agreement.provision(row["id"])
        section = agreement.section_of(row["id"])
        history = [{"body_id": row["body_id"], **change} for change in row.get("history") or []]
        yield {**row, "section": section.id if section else None, "text": provision.summary, "history": history}


def _deadlines(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    for item in workspace.assessment(agreement, as_of).deadlines:
        yield {"provision_id": item.provision_id, "body_id": item.body_id, "rule": item.rule,
               "occurrence": item.occurrence, "due": item.due, "state": item.state, "met_on": item.met_on,
               "met_by_record_id": item.met_by_record_id,
               "met_by_document_id": (item.met_by_report or {}).get("document_id"),
               "days_left": item.days_left, "days_late": item.days_late}


def _records(workspace: Workspace, agreement: Agreement, as_of: dt.date) -> Iterator[dict]:
    revisions: dict[int, list[dict]] = {}
    for revision in workspace.record_revisions(agreement):
        revisions.setdefault(revision.record_id, []).append(revision.model_dump(mode="json"))
    for record in workspace.records(agreement, include_withdrawn=True):
        yield {**record.model_dump(mode="json"), "revisions": revisions.get(record.id, [])}


_PRODUCERS = {"documents": _documents, "copies": _copies, "evidence": _evidence, "stories": _stories,
              "entities": _entities, "provisions": _provisions, "deadlines": _deadlines, "records": _records}
