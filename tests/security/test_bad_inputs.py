"""Inputs that used to lose a batch or hang it: a FIFO, a device behind a symlink, a NUL byte in one
JSONL line, UTF-16/32 text. Each is one line (or read properly), and the rest of the batch goes on."""

from __future__ import annotations

import json
import os

import pytest

from charterwatch.workspace import Workspace
from tests.conftest import run_cli

TEXT = ("Azerbaijan and the United States signed the Charter on Strategic Partnership in Baku on Tuesday. "
        "The two governments said four working groups would agree priority projects and roadmaps within three "
        "months, and that officials would meet at least once a year to review the partnership. {n}")


def test_fifo_and_device_are_skipped_with_one_line_and_the_rest_goes_on(tmp_path, sqlite_url):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(TEXT.format(n="good"), encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    (folder / "also-zero.txt").symlink_to("/dev/urandom")
    result = run_cli("ingest", str(folder), str(fifo), str(zero), "--defer", "--json", db=sqlite_url, timeout=60)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    reasons = sorted(r["reason"] for r in summary["rejections"])
    # the FIFO and /dev/zero named on the command line are one line each; /dev/urandom inside the
    # folder is not a regular file, so the folder's walk never opens it
    assert reasons == ["a FIFO, not a file: skipped", "a device, not a file: skipped"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file: permission denied cannot be staged")
def test_an_unreadable_file_is_one_line(tmp_path, sqlite_url):
    locked = tmp_path / "locked.txt"
    locked.write_text(TEXT.format(n="locked"), encoding="utf-8")
    locked.chmod(0)
    good = tmp_path / "good.txt"
    good.write_text(TEXT.format(n="good"), encoding="utf-8")
    summary = json.loads(run_cli("ingest", str(locked), str(good), "--defer", "--json", db=sqlite_url, check=True).stdout)
    assert summary["added"] == 1 and summary["rejections"][0]["reason"] == "cannot read: permission denied"


def test_a_nul_in_one_jsonl_line_rejects_that_line_only(tmp_path, sqlite_url):
    lines = [json.dumps({"title": "first", "text": TEXT.format(n="first")}),
             json.dumps({"title": "broken", "text": "x"})[:-1] + '\x00"}',
             json.dumps({"title": "third", "text": TEXT.format(n="third")})]
    feed = tmp_path / "items.jsonl"
    feed.write_bytes("\n".join(lines).encode("utf-8") + b"\n")
    summary = json.loads(run_cli("ingest", str(feed), "--defer", "--json", db=sqlite_url, check=True).stdout)
    assert summary["added"] == 2
    assert [r["reason"] for r in summary["rejections"]] == ["items.jsonl: line 2: contains a NUL byte"]


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""),
                                          ("utf-32-le", b"\xff\xfe\x00\x00"), ("utf-16-be", b"")])
def test_utf16_and_utf32_text_is_read(tmp_path, sqlite_url, encoding, bom):
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + TEXT.format(n=f"wide {encoding}").encode(encoding))
    summary = json.loads(run_cli("ingest", str(path), "--defer", "--json", db=sqlite_url, check=True).stdout)
    assert summary["added"] == 1, summary["rejections"]
    with Workspace(sqlite_url) as workspace:
        text = workspace.document(workspace.documents()[0]["id"])
    assert "Strategic Partnership" in json.dumps(text, ensure_ascii=False)
