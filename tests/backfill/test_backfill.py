"""Back-fill as a team runs it: WARC files and a JSONL dump, with the same page in two archives, a
copy under another address, a binary record and a bad line. The back-filled store must equal what
``ingest`` then ``understand --all`` make of the same files, on every engine; a re-run adds nothing."""

from __future__ import annotations

import gzip
import importlib.util
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from charterwatch.backfill import plan_shards
from charterwatch.backfill.engines import LocalEngine
from charterwatch.backfill.tasks import band_keys, join_partition
from charterwatch.dedup.copies import copy_signature, propose_copies
from charterwatch.ingest.files import IngestError
from charterwatch.ingest.warc import read_warc
from charterwatch.pipeline import sample_news_folder
from charterwatch.workspace import Workspace
from tests.conftest import run_cli

HTML = sorted((sample_news_folder() / "html").glob("*.html"))
TEXTS = sorted((sample_news_folder() / "text").glob("*.txt"))


def _record(writer: WARCWriter, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def write_shards(folder: Path) -> list[Path]:
    """Two WARC files (one gzipped) and a JSONL dump; what each holds is in the module's docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second, dump = folder / "crawl-1.warc.gz", folder / "crawl-2.warc", folder / "dump.jsonl"
    with first.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for page in HTML[:6]:
            _record(writer, f"https://news.example.org/a/{page.stem}", page.read_bytes())
        _record(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
        _record(writer, "https://news.example.org/broken", b"\x00\x01binary\x00" * 40)
    with second.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        _record(writer, f"https://news.example.org/a/{HTML[0].stem}", HTML[0].read_bytes())     # the same page again
        for page in HTML[6:]:
            _record(writer, f"https://mirror.example.net/{page.stem}", page.read_bytes())
        _record(writer, f"https://mirror.example.net/copy/{HTML[1].stem}", HTML[1].read_bytes())  # a copy elsewhere
    lines = [json.dumps({"url": f"https://dump.example.com/{p.stem}", "text": p.read_text(encoding="utf-8")}) for p in TEXTS[:5]]
    dump.write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    return [first, second, dump]


def exported(db: str, tmp_path: Path, name: str) -> dict:
    out = tmp_path / f"{name}.json"
    run_cli("export", "--format", "json", "--out", str(out), db=db, check=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    for document in data["documents"]:
        document.pop("ingested_at")
    return data


@pytest.fixture(scope="module")
def shards(tmp_path_factory) -> list[Path]:
    return write_shards(tmp_path_factory.mktemp("shards"))


@pytest.fixture(scope="module")
def ingested(shards, tmp_path_factory) -> dict:
    """What ingest, then understand --all, make of the shards."""
    folder = tmp_path_factory.mktemp("ingested")
    db = f"sqlite:///{folder / 'ingest.db'}"
    run_cli("ingest", *map(str, shards), "--defer", db=db, check=True)
    run_cli("understand", "--all", db=db, check=True, timeout=300)
    return exported(db, folder, "ingest")


def test_warc_records_are_read_as_pages_and_problems(shards):
    raws = list(read_warc(shards[0]))
    assert [r.url for r in raws] == [f"https://news.example.org/a/{p.stem}" for p in HTML[:6]] + ["https://news.example.org/broken"]
    assert all(r.problem is None and r.input_format == "html" and r.published is None for r in raws[:6])
    assert raws[-1].problem == "crawl-1.warc.gz: record 8: binary file, not text"


def test_a_warc_that_breaks_off_keeps_what_came_before(shards, tmp_path):
    data = gzip.decompress(shards[0].read_bytes())
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: len(data) // 2] + b"WARC/1.0\r\ngarbage")
    raws = list(read_warc(cut))
    assert [r.problem for r in raws[:2]] == [None, None]
    assert raws[2].problem.startswith("cut.warc: record 3: ends early (") and raws[2].problem.endswith("the file is cut off")


def test_local_backfill_equals_ingest_then_understand(shards, ingested, tmp_path):
    db = f"sqlite:///{tmp_path / 'backfill.db'}"
    result = run_cli("backfill", *map(str, shards), "--engine", "local", db=db, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "14 added, 3 rejected, 1 already stored" in result.stdout
    assert "rejected: https://news.example.org/broken: crawl-1.warc.gz: record 8: binary file, not text" in result.stderr
    assert "dump.jsonl: line 6:" in result.stderr
    assert exported(db, tmp_path, "backfill") == ingested
    assert ingested["copies"] and ingested["evidence"] and ingested["stories"]

    again = run_cli("backfill", *map(str, shards), db=db, timeout=300)
    assert again.returncode == 0 and "0 added, 0 rejected, 18 already stored" in again.stdout
    assert exported(db, tmp_path, "again") == ingested


def test_dask_backfill_on_two_workers_equals_ingest(shards, ingested, tmp_path):
    pytest.importorskip("distributed", reason="the scale extra is not installed (pip install 'charterwatch[scale]')")
    db = f"sqlite:///{tmp_path / 'dask.db'}"
    result = run_cli("backfill", str(shards[0].parent), "--engine", "dask", "--workers", "2", "--json", db=db, timeout=300)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["engine"], summary["workers"], summary["shards"], summary["added"]) == ("dask", 2, 3, 14)
    assert summary["vectors_from_workers"] > 0          # the embeddings were made on the workers
    assert exported(db, tmp_path, "dask") == ingested


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed (pip install 'charterwatch[ray]')")
def test_ray_backfill_equals_ingest(shards, ingested, tmp_path):
    db = f"sqlite:///{tmp_path / 'ray.db'}"
    result = run_cli("backfill", *map(str, shards), "--engine", "ray", "--workers", "2", db=db, timeout=300)
    assert result.returncode == 0, result.stderr
    assert exported(db, tmp_path, "ray") == ingested


def test_band_keys_joined_by_partition_propose_what_one_pass_does(sample_store):
    with Workspace(f"sqlite:///{sample_store}") as workspace:
        documents = [d for d in workspace.dedup_documents() if d.paragraphs]
    engine = LocalEngine()
    chunks = [engine.submit(band_keys, documents[i:i + 7], 3) for i in range(0, len(documents), 7)]
    joined = [engine.result(engine.submit(join_partition, p, *chunks)) for p in range(3)]
    pairs = set().union(*(j.band_pairs for j in joined))
    shared: dict = {}
    for j in joined:
        for pair, n in j.paragraph_pairs.items():
            shared[pair] = shared.get(pair, 0) + n
    pairs |= {pair for pair, n in shared.items() if n >= 2}
    expected = propose_copies(copy_signature(d) for d in documents).candidates
    assert pairs == expected and len(expected) > 5


def test_sources_that_are_not_shards_are_refused_before_anything_is_read(shards, tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        plan_shards([str(tmp_path / "missing.warc")])
    with pytest.raises(IngestError, match="matches no WARC or JSONL file"):
        plan_shards([str(tmp_path / "*.warc.gz")])
    page = tmp_path / "page.html"
    page.write_text("<p>hi</p>")
    with pytest.raises(IngestError, match="not a shard"):
        plan_shards([str(page)])
    assert plan_shards([str(shards[0].parent / "crawl-*"), str(shards[0])]) == [s.resolve() for s in shards[:2]]

    db = f"sqlite:///{tmp_path / 'none.db'}"
    result = run_cli("backfill", str(tmp_path / "missing.warc"), db=db)
    assert result.returncode != 0 and result.stderr.strip().count("\n") == 0
    assert "missing.warc: no such file or folder" in result.stderr
    engine = run_cli("backfill", str(shards[0]), "--engine", "spark", db=db)
    assert engine.returncode != 0 and "--engine 'spark': expected one of local, dask, ray" in engine.stderr
