"""Writing an export as JSON, JSON lines, or CSV files with a Frictionless data package.

Every writer streams: rows go out as they are read (a page of documents at a time), so memory
stays flat whatever the store holds. JSON is written as one document whose arrays are filled as
the rows come; JSON lines is one row a line; CSV is one file per table (in a folder or a zip)
plus ``datapackage.json``, whose table schemas come from :mod:`charterwatch.export.tables`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from charterwatch import __version__
from charterwatch.agreement.model import Agreement
from charterwatch.export.rows import child_rows, table_rows
from charterwatch.export.tables import Table
from charterwatch.workspace import Workspace

FORMATS = ("json", "jsonl", "csv")


@dataclass
class ExportCounts:
    """Rows written per table (the command's summary line)."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int = 1) -> None:
        self.rows[table] = self.rows.get(table, 0) + n

    def summary(self) -> str:
        return ", ".join(f"{n} {table}" for table, n in self.rows.items())


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _top_level(tables: list[Table]) -> list[Table]:
    return [t for t in tables if t.child_of is None]


def _wanted_children(tables: list[Table], parent: Table) -> list[Table]:
    return [t for t in tables if t.child_of == parent.name]


def write_json(out: IO[str], workspace: Workspace, agreement: Agreement, tables: list[Table], as_of: dt.date,
               counts: ExportCounts) -> None:
    """One JSON document: ``{"agreement", "as_of", "documents": [...], ...}``, written as it is read."""
    out.write("{" + f'"agreement": {_dumps(agreement.id)}, "as_of": {_dumps(as_of.isoformat())}')
    for table in _top_level(tables):
        out.write(f', {_dumps(table.name)}: [')
        for n, row in enumerate(table_rows(workspace, agreement, table, as_of)):
            out.write(("," if n else "") + "\n " + _dumps(row))
            counts.add(table.name)
        out.write("]")
    out.write("}\n")


def write_jsonl(out: IO[str], workspace: Workspace, agreement: Agreement, tables: list[Table], as_of: dt.date,
                counts: ExportCounts) -> None:
    """One row a line, each with ``table``, ``type`` and ``agreement``."""
    for line in jsonl_lines(workspace, agreement, tables, as_of, counts):
        out.write(line)


def jsonl_lines(workspace: Workspace, agreement: Agreement, tables: list[Table], as_of: dt.date,
                counts: ExportCounts | None = None) -> Iterator[str]:
    for table in _top_level(tables):
        for row in table_rows(workspace, agreement, table, as_of):
            if counts is not None:
                counts.add(table.name)
            yield _dumps({"table": table.name, "type": table.row_type, "agreement": agreement.id,
                          **row}) + "\n"


def csv_cell(value) -> str:
    """One CSV cell: empty for none, true/false, lists and objects as JSON (Frictionless reads them so)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return _dumps(value)
    return str(value)


def write_csv(target: Path, workspace: Workspace, agreement: Agreement, tables: list[Table], as_of: dt.date,
              counts: ExportCounts) -> None:
    """One CSV file per table and ``datapackage.json``, in the folder ``target`` (created), or in a
    zip when ``target`` ends in ``.zip`` (written beside it first, then packed)."""
    if target.suffix.lower() != ".zip":
        target.mkdir(parents=True, exist_ok=True)
        _write_csv_folder(target, workspace, agreement, tables, as_of, counts)
        return
    with tempfile.TemporaryDirectory(prefix=".charterwatch-export-", dir=target.parent) as folder:
        _write_csv_folder(Path(folder), workspace, agreement, tables, as_of, counts)
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
        partial.replace(target)


def _write_csv_folder(folder: Path, workspace: Workspace, agreement: Agreement, tables: list[Table],
                      as_of: dt.date, counts: ExportCounts) -> None:
    handles: dict[str, IO[str]] = {}
    writers: dict[str, csv.writer] = {}

    def writer(table: Table):
        if table.name not in writers:
            handles[table.name] = (folder / f"{table.name}.csv").open("w", encoding="utf-8", newline="")
            writers[table.name] = csv.writer(handles[table.name])
            writers[table.name].writerow([f.name for f in table.csv_fields()])
        return writers[table.name]

    try:
        for table in _top_level(tables):
            children = _wanted_children(tables, table)
            parent = writer(table)
            for child in children:
                writer(child)
            for row in table_rows(workspace, agreement, table, as_of):
                parent.writerow([csv_cell(row[f.name]) for f in table.csv_fields()])
                counts.add(table.name)
                for child in children:
                    for child_row in child_rows(child, table, row):
                        writer(child).writerow([csv_cell(child_row.get(f.name)) for f in child.csv_fields()])
                        counts.add(child.name)
    finally:
        for handle in handles.values():
            handle.close()
    (folder / "datapackage.json").write_text(json.dumps(datapackage(agreement, tables, as_of), indent=1,
                                                        ensure_ascii=False) + "\n", encoding="utf-8")


def datapackage(agreement: Agreement, tables: list[Table], as_of: dt.date) -> dict:
    """The Frictionless descriptor of a CSV export: one resource per table, with its schema."""
    resources = []
    for table in tables:
        schema: dict = {"fields": [_field_schema(f) for f in table.csv_fields()]}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        # foreign keys name resources by their (hyphenated) names; "" is the table itself
        foreign = [{"fields": f, "reference": {"resource": "" if t == table.name else t.replace("_", "-"), "fields": r}}
                   for f, t, r in table.foreign_keys if t == table.name or t in {x.name for x in tables}]
        if foreign:
            schema["foreignKeys"] = foreign
        resources.append({"name": table.name.replace("_", "-"), "path": f"{table.name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "description": table.description,
                          "schema": schema})
    return {"name": f"charterwatch-{agreement.id}".lower(), "title": f"charterwatch export: {agreement.title}",
            "description": f"What charterwatch {__version__} knew on {as_of.isoformat()} about {agreement.title}: "
                           "documents, evidence, stories, entities, provisions, deadlines and records. "
                           "Fields and codes: docs/codebook.md.",
            "created": f"{as_of.isoformat()}T00:00:00Z", "profile": "tabular-data-package", "resources": resources}


def _field_schema(f) -> dict:
    out = {"name": f.name, "type": f.type, "description": f.description}
    if f.codes:
        out["constraints"] = {"enum": list(f.codes)}
    return out


def export(fmt: str, workspace: Workspace, agreement: Agreement, tables: list[Table], as_of: dt.date, *,
           out: Path | None, stdout: IO[str]) -> ExportCounts:
    """Write an export; ``out`` None means standard output (JSON and JSON lines only)."""
    from charterwatch.errors import CharterwatchError

    counts = ExportCounts()
    if fmt == "csv":
        if out is None:
            raise CharterwatchError("--format csv: name a folder or a .zip with --out (a CSV export is several files)")
        write_csv(out, workspace, agreement, tables, as_of, counts)
        return counts
    writer: Callable = write_json if fmt == "json" else write_jsonl
    if out is None:
        writer(stdout, workspace, agreement, tables, as_of, counts)
        return counts
    partial = out.with_name(out.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            writer(handle, workspace, agreement, tables, as_of, counts)
        partial.replace(out)         # a failed export never leaves half a file under the name asked for
    finally:
        partial.unlink(missing_ok=True)
    return counts


__all__ = ["FORMATS", "ExportCounts", "csv_cell", "datapackage", "export", "jsonl_lines"]
