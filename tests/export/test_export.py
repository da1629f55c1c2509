"""Exports as a researcher takes them elsewhere: `charterwatch export --format json|jsonl|csv`, and
`/api/export?format=`, checked against docs/codebook.md and validated by the frictionless library."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from fastapi.testclient import TestClient

from charterwatch.api.app import create_app
from charterwatch.export.tables import BY_NAME, TABLES
from charterwatch.workspace import Workspace
from tests.conftest import REPO, copy_store, run_cli
from tests.test_cli import assert_one_line_error

CODEBOOK = (REPO / "docs" / "codebook.md").read_text(encoding="utf-8")


def documented_fields() -> dict[str, list[str]]:
    """Each table's fields as docs/codebook.md lists them."""
    out: dict[str, list[str]] = {}
    export_part = CODEBOOK.split("## Exported data", 1)[1]
    for block in export_part.split("\n### ")[1:]:
        name = block.split()[0]
        out[name] = re.findall(r"^\| `([a-z_]+)` \|", block, re.MULTILINE)
    return out


@pytest.fixture(scope="module")
def store(sample_store, tmp_path_factory):
    """The sample store, plus a local file of the user's own and a record corrected once."""
    folder = tmp_path_factory.mktemp("export")
    url = copy_store(sample_store, folder)
    own = folder / "own-report.txt"
    own.write_text("Working group on energy meets in Baku\n\nBaku, 3 March 2026 — The working group on energy "
                   "and critical minerals held its first meeting in Baku, officials said, and listed the "
                   "interconnector among its priority projects for the roadmap due in May.\n", encoding="utf-8")
    run_cli("ingest", str(own), "--defer", db=url, check=True)
    added = json.loads(run_cli("record", "meeting", "--body", "wg-energy", "--date", "2026-03-03",
                               "--provision", "mechanism.working_groups", "--source", "minutes-1",
                               "--text", "First meeting.", "--json", db=url, check=True).stdout)
    run_cli("record", "correct", str(added["id"]), "--text", "First meeting, in Baku.", "--reason", "place",
            db=url, check=True)
    return url, own


def test_the_documented_fields_are_the_exported_ones():
    documented = documented_fields()
    assert list(documented) == [t.name for t in TABLES]
    for table in TABLES:
        assert documented[table.name] == [f.name for f in table.fields], table.name


def test_csv_export_validates_with_frictionless(store, tmp_path):
    import frictionless

    url, own = store
    result = run_cli("export", "--format", "csv", "--out", str(tmp_path / "csv"), "--as-of", "2026-11-25", db=url,
                     check=True)
    assert result.stdout.startswith(f"wrote {tmp_path / 'csv'}: 40 documents")
    report = frictionless.validate(str(tmp_path / "csv" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((tmp_path / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == [f"{t.name}.csv" for t in TABLES]
    for table in TABLES:
        header = (tmp_path / "csv" / f"{table.name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f.name for f in table.csv_fields()]
    revisions = (tmp_path / "csv" / "record_revisions.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[2] for line in revisions[1:]] == ["created", "corrected"]


def test_csv_export_to_a_zip_holds_the_same_files(store, tmp_path):
    import frictionless

    url, _ = store
    run_cli("export", "--format", "csv", "--out", str(tmp_path / "export.zip"), db=url, check=True)
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        assert sorted(archive.namelist()) == sorted(["datapackage.json", *(f"{t.name}.csv" for t in TABLES)])
        archive.extractall(tmp_path / "unzipped")
    assert frictionless.validate(str(tmp_path / "unzipped" / "datapackage.json")).valid
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".charterwatch-export-*"))


def test_json_and_jsonl_hold_the_documented_fields(store, tmp_path):
    url, own = store
    documented = documented_fields()
    run_cli("export", "--out", str(tmp_path / "all.json"), db=url, check=True)
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [k for k in data if k not in ("agreement", "as_of")] == [t.name for t in TABLES if not t.child_of]
    for table in (t for t in TABLES if not t.child_of):
        assert data[table.name], f"{table.name}: no rows to check"
        for row in data[table.name]:
            assert list(row) == documented[table.name], table.name
    documents = {d["id"]: d for d in data["documents"]}
    mine = next(d for d in documents.values() if d["path"] and d["path"].endswith("own-report.txt"))
    assert mine["url"] == own.resolve().as_uri()
    assert mine["paragraphs"][0] == {"index": 0, "language": "en", "text": mine["paragraphs"][0]["text"]}
    assert mine["paragraph_count"] == len(mine["paragraphs"])
    rejected = [d for d in documents.values() if d["status"] == "rejected"]
    assert rejected and all(d["rejected_reason"] and d["reject_reason"] == d["rejected_reason"] for d in rejected)
    record = data["records"][0]
    assert [r["action"] for r in record["revisions"]] == ["created", "corrected"]
    assert record["revisions"][0]["snapshot"]["text"] == "First meeting."

    lines = [json.loads(line) for line in run_cli("export", "--format", "jsonl", db=url, check=True).stdout.splitlines()]
    assert {line["table"] for line in lines} == set(data) - {"agreement", "as_of"}
    for line in lines:
        assert list(line)[:3] == ["table", "type", "agreement"]
        if line["table"] == "entities":     # an entity's own `type` (person, place...) stands in the envelope's place
            assert ["type", *list(line)[3:]] == [f for f in documented["entities"] if f != "id"][1:2] + [
                f for f in documented["entities"] if f != "type"]
            continue
        assert list(line)[3:] == documented[line["table"]]
        assert line["type"] == BY_NAME[line["table"]].row_type
    assert sum(1 for line in lines if line["table"] == "documents") == len(data["documents"])


def test_only_some_tables(store, tmp_path):
    url, _ = store
    lines = run_cli("export", "--format", "jsonl", "--only", "evidence,provisions", db=url, check=True).stdout.splitlines()
    assert {json.loads(line)["table"] for line in lines} == {"evidence", "provisions"}
    run_cli("export", "--format", "csv", "--only", "paragraphs", "--out", str(tmp_path / "p"), db=url, check=True)
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["datapackage.json", "documents.csv", "paragraphs.csv"]


def test_bad_export_options_are_one_line(store, tmp_path):
    url, _ = store
    assert_one_line_error(run_cli("export", "--format", "xml", db=url), "--format 'xml': expected one of json, jsonl, csv")
    assert_one_line_error(run_cli("export", "--only", "documents,nope", db=url),
                          "--only 'documents,nope': unknown table 'nope' (tables: " + ", ".join(BY_NAME) + ")")
    assert_one_line_error(run_cli("export", "--format", "csv", db=url),
                          "--format csv: name a folder or a .zip with --out (a CSV export is several files)")


def test_documents_are_read_a_page_at_a_time(store, monkeypatch):
    from charterwatch.export import rows

    url, _ = store
    calls = []
    monkeypatch.setattr(rows, "DOCUMENT_PAGE", 7)
    with Workspace(url) as workspace:
        original = workspace.export_documents_page

        def counted(**kwargs):
            calls.append(kwargs)
            return original(**kwargs)

        workspace.export_documents_page = counted
        agreement = workspace.agreement(None)
        ids = [r["id"] for r in rows.table_rows(workspace, agreement, BY_NAME["documents"], as_of=agreement.agreement.signed)]
    assert ids == sorted(ids) and len(ids) == 40
    assert len(calls) == 7 and all(c["limit"] == 7 for c in calls)     # 6 full pages, then an empty one


def test_api_export_offers_the_same_formats(store):
    url, _ = store
    with Workspace(url) as workspace:
        client = TestClient(create_app(workspace, token=None))
        lines = [json.loads(line) for line in client.get("/api/export").text.splitlines()]
        assert {line["type"] for line in lines} >= {"document", "evidence", "story", "provision", "record"}
        data = client.get("/api/export", params={"format": "json", "as_of": "2026-11-25"}).json()
        assert len(data["documents"]) == sum(1 for line in lines if line["type"] == "document") == 40
        zipped = client.get("/api/export", params={"format": "csv", "only": "records"})
        assert zipped.status_code == 200 and zipped.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
            assert sorted(archive.namelist()) == ["datapackage.json", "record_revisions.csv", "records.csv"]
        bad = client.get("/api/export", params={"format": "xml"})
        assert bad.status_code == 400 and bad.json() == {"error": "format 'xml': expected one of json, jsonl, csv"}
