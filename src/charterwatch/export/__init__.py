"""Exports: every table of the store, as JSON, JSON lines or CSV with a Frictionless data package."""

from charterwatch.export.tables import TABLES, choose_tables, codebook_markdown
from charterwatch.export.write import FORMATS, ExportCounts, datapackage, export, jsonl_lines

__all__ = ["FORMATS", "TABLES", "ExportCounts", "choose_tables", "codebook_markdown", "datapackage", "export",
           "jsonl_lines"]
