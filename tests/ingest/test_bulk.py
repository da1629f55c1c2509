"""Bulk JSON lines as a newsroom brings them: a 30 MiB file, gzip, standard input, and bad lines
among good ones. The size cap is per item, never per file."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

from tests.conftest import REPO, run_cli

TOPICS = ["the interconnector", "the rail link", "the data centre", "the port", "the customs post",
          "the fibre cable", "the grid upgrade", "the training centre"]


def page(i: int, filler_bytes: int = 0) -> str:
    """A news page with a distinct body; ``filler_bytes`` of site chrome make it heavy, as real pages are."""
    body = "".join(f"<p>Report {i}, part {k}: officials in Baku and Washington discussed {TOPICS[(i + k) % len(TOPICS)]} "
                   f"on day {i * 7 + k} of the programme, and said the next stage would follow item {i * 31 + k}.</p>"
                   for k in range(4))
    chrome = "<nav>" + "".join(f"<a href='/section/{k}'>Section {k}</a>" for k in range(filler_bytes // 40)) + "</nav>"
    return (f"<html><head><title>Report {i}</title></head><body>{chrome}<article><h1>Report {i}</h1>{body}</article>"
            f"</body></html>")


def line(i: int, filler_bytes: int = 0) -> str:
    return json.dumps({"url": f"https://news.example/{i}", "title": f"Report {i}", "published": "2026-03-02",
                       "outlet": "Example News", "html": page(i, filler_bytes)})


def ingest_json(*args: str, db: str, stdin: bytes | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTERWATCH_")}
    env.update({"CHARTERWATCH_DB": db, "NO_COLOR": "1", "COLUMNS": "200"})
    result = subprocess.run([sys.executable, "-m", "charterwatch", "ingest", *args, "--defer", "--json"],
                            input=stdin, capture_output=True, env=env, timeout=600, cwd=REPO)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def test_a_30_mib_jsonl_of_200_pages_ingests_all_200(tmp_path):
    path = tmp_path / "bulk.jsonl"
    path.write_text("".join(line(i, filler_bytes=160_000) + "\n" for i in range(200)), encoding="utf-8")
    assert path.stat().st_size > 30 * 1024 * 1024
    summary = ingest_json(str(path), db=f"sqlite:///{tmp_path / 'cw.db'}")
    assert (summary["added"], summary["rejected"]) == (200, 0), summary["rejections"][:3]


def test_gzip_and_standard_input_read_the_same_items(tmp_path):
    text = "".join(line(i) + "\n" for i in range(5))
    (tmp_path / "items.jsonl.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    gz = ingest_json(str(tmp_path / "items.jsonl.gz"), db=f"sqlite:///{tmp_path / 'a.db'}")
    piped = ingest_json("-", db=f"sqlite:///{tmp_path / 'b.db'}", stdin=text.encode("utf-8"))
    piped_gz = ingest_json("-", db=f"sqlite:///{tmp_path / 'c.db'}", stdin=gzip.compress(text.encode("utf-8")))
    assert gz["added"] == piped["added"] == piped_gz["added"] == 5
    again = ingest_json("-", db=f"sqlite:///{tmp_path / 'b.db'}", stdin=text.encode("utf-8"))
    assert (again["added"], again["skipped_already_stored"]) == (0, 5)
    listed = json.loads(run_cli("documents", "--json", db=f"sqlite:///{tmp_path / 'b.db'}", check=True).stdout)
    assert sorted(d["url"] for d in listed) == sorted(f"https://news.example/{i}" for i in range(5))


def test_an_oversized_line_is_one_problem_and_the_rest_goes_on(tmp_path):
    huge = json.dumps({"title": "huge", "text": "word " * (3 * 1024 * 1024)})   # 15 MiB on one line
    path = tmp_path / "mixed.ndjson"
    path.write_text("\n".join([line(1), huge, "{not json", line(2)]) + "\n", encoding="utf-8")
    summary = ingest_json(str(path), db=f"sqlite:///{tmp_path / 'cw.db'}")
    assert summary["added"] == 2
    reasons = [r["reason"] for r in summary["rejections"]]
    assert reasons[0] == "mixed.ndjson: line 2: 15.0 MiB; a news item may be at most 10 MiB"
    assert reasons[1].startswith("mixed.ndjson: line 3: ")


def test_a_truncated_gzip_keeps_the_lines_before_the_break(tmp_path):
    data = gzip.compress("".join(line(i) + "\n" for i in range(40)).encode("utf-8"))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) * 2 // 3])
    summary = ingest_json(str(tmp_path / "cut.jsonl.gz"), db=f"sqlite:///{tmp_path / 'cw.db'}")
    assert 0 < summary["added"] < 40
    assert summary["rejections"][-1]["reason"] == "cut.jsonl.gz: cannot read the rest: the compressed stream ends early"


def test_standard_input_named_twice_is_one_line(tmp_path):
    result = run_cli("ingest", "-", "-", db=f"sqlite:///{tmp_path / 'cw.db'}")
    assert result.returncode == 2 and result.stderr.strip() == "error: -: standard input can be named once"
