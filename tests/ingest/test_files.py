"""Local inputs: folders, JSONL with a broken line, binary files, unknown types."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from charterwatch.ingest.files import IngestError, expand_paths, read_file


def test_folders_are_read_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    for name in ("b/two.txt", "one.html", "b/three.md", "skip.pdf", ".hidden.txt"):
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])] == ["b/three.md", "b/two.txt", "one.html"]


@pytest.mark.parametrize("name, message", [("missing.txt", "no such file or folder"),
                                           ("report.pdf", "unsupported file type '.pdf'")])
def test_bad_paths_fail_before_anything_is_read(tmp_path, name, message):
    if name.endswith(".pdf"):
        (tmp_path / name).write_bytes(b"%PDF")
    with pytest.raises(IngestError, match=message):
        expand_paths([tmp_path / name])


def test_jsonl_items_and_a_broken_line(tmp_path):
    path = tmp_path / "items.jsonl"
    lines = [json.dumps({"url": "https://n.example/2026/02/10/a", "title": "A", "text": "Body A", "published": "2026-02-10"}),
             '{"url": "https://n.example/b", "text": ',
             json.dumps({"title": "C", "html": "<p>Body C</p>", "outlet": "Sample"}),
             json.dumps({"title": "D"}),
             json.dumps({"text": "E", "published": "tenth of Feb"})]
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    raws = list(read_file(path))
    assert [(r.title, r.input_format, r.published, r.published_source, r.outlet) for r in raws[::2]] == [
        ("A", "text", dt.date(2026, 2, 10), "given", None), ("C", "html", None, None, "Sample"), (None, "text", None, None, None)]
    assert [r.problem for r in raws] == [
        None, "items.jsonl: line 2: Expecting value: line 1 column 40 (char 39)", None,
        "items.jsonl: line 4: needs a 'text' or 'html' string",
        "items.jsonl: line 5: published 'tenth of Feb' is not a date (expected YYYY-MM-DD)"]
    assert len({r.source_key for r in raws}) == 5
    assert list(read_file(path)) == raws  # the same input gives the same keys


def test_binary_and_legacy_encodings(tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert next(read_file(binary)).problem == "binary file, not text"
    cyrillic = tmp_path / "cp1251.txt"
    cyrillic.write_bytes("Рабочая группа провела второе заседание в Баку, сообщили официальные лица.".encode("cp1251"))
    raw = next(read_file(cyrillic))
    assert raw.problem is None and raw.content.startswith("Рабочая группа")


def test_a_file_too_large_is_a_rejection_not_a_crash(tmp_path, monkeypatch):
    import charterwatch.ingest.files as files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("x" * 20)
    assert next(read_file(path)).problem.startswith("file is 0.0 MiB; a news item may be at most")


def test_an_unreadable_file_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    """Root reads every file, so the refusal the OS gives others is staged at the open() call."""
    from pathlib import Path

    from charterwatch.ingest.files import read_file

    locked = tmp_path / "locked.txt"
    locked.write_text("text", encoding="utf-8")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    [raw] = list(read_file(locked))
    assert raw.content is None and raw.problem == "cannot read: permission denied"
