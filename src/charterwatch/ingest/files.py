"""Reading local inputs: HTML, plain text/Markdown, JSONL records, feed files, and folders of them."""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from charterwatch.errors import CharterwatchError
from charterwatch.text.model import RawDocument

HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES | WARC_SUFFIXES
#: A news item is kilobytes; a file (or one JSONL line) past this is not one. Files other than JSONL
#: are read whole, so this also bounds memory; JSONL is read as a stream, a line at a time.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ITEM_BYTES = MAX_FILE_BYTES
#: Standard input, named on the command line as ``-``: JSONL (or gzipped JSONL).
STDIN = "-"


def suffix_of(path: Path) -> str:
    """The suffix that says what a file holds: ``.jsonl.gz`` counts as one."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if len(suffixes) == 2 and "".join(suffixes) in KNOWN_SUFFIXES:
        return "".join(suffixes)
    return path.suffix.lower()


class IngestError(CharterwatchError):
    """An input named on the command line cannot be read at all."""


def source_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes fall in ASCII-heavy text."""
    if len(head) < 8:
        return None
    for width, names in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        usable = len(head) - len(head) % width
        units = [head[i:i + width] for i in range(0, usable, width)]
        for name, zero_at in zip(names, (slice(1, None), slice(None, -1))):
            if sum(1 for u in units if not any(u[zero_at])) >= 0.6 * len(units):
                return name
    return None


def decode_bytes(data: bytes, *, allow_nul: bool = False) -> tuple[str | None, str | None]:
    """(text, None) or (None, why it is not text). A byte-order mark first (UTF-8, UTF-16, UTF-32),
    then UTF-16/32 without one, then UTF-8, then a detected charset.

    :param allow_nul: don't call text with a NUL byte binary (JSONL judges each line instead)
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), None
            except UnicodeDecodeError:
                return None, f"not valid {name.upper()} text"
    head = data[:8192]
    wide = _wide_encoding(head) if b"\x00" in head else None
    if wide is not None:
        try:
            return data.decode(wide), None
        except UnicodeDecodeError:
            pass
    if b"\x00" in head and not allow_nul:
        return None, "binary file, not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None, "not text in any known encoding"
    return str(best), None


def _parse_date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"published {value!r} is not a date")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"published {value!r} is not a date (expected YYYY-MM-DD)") from None


#: The longest value each optional field of a news item may have: the same limits on every store,
#: checked before the database sees them (PostgreSQL would refuse an outlet over 200 characters).
FIELD_LIMITS = {"url": 4000, "title": 2000, "outlet": 200}


def _optional_text(item: dict, name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name!r} must be a string, not {type(value).__name__}")
    if len(value) > FIELD_LIMITS[name]:
        raise ValueError(f"{name!r} is {len(value)} characters; at most {FIELD_LIMITS[name]}")
    return value or None


def _item(line: str, where: str, fallback_key: str, path: str) -> RawDocument:
    """One JSONL line as a raw document, or as a problem naming the line."""
    try:
        if "\x00" in line:
            raise ValueError("contains a NUL byte")
        item = json.loads(line)
        if not isinstance(item, dict):
            raise ValueError("not a JSON object")
        body_html, body_text = item.get("html"), item.get("text")
        if not isinstance(body_html or body_text, str):
            raise ValueError("needs a 'text' or 'html' string")
        published = _parse_date(item.get("published"))
        url, title, outlet = (_optional_text(item, name) for name in ("url", "title", "outlet"))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        return RawDocument(source_key=fallback_key, input_format="text", content=None, path=path,
                           problem=f"{where}: {exc}", origin="jsonl")
    return RawDocument(
        source_key=source_key("url", url) if url else fallback_key,
        input_format="html" if body_html else "text", content=body_html or body_text, url=url, path=path,
        title=title, outlet=outlet, published=published, published_source="given" if published else None,
        origin="jsonl",
    )


def _byte_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """Lines of a byte stream, each at most ``limit`` bytes; a longer line is skipped without being
    held in memory, and its length in bytes comes instead."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                rest = handle.readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield size
            continue
        yield line


def read_jsonl_stream(handle: BinaryIO, name: str, key_base: str, path: str | None = None) -> Iterator[RawDocument]:
    """One document per line: ``{"url", "title", "text" or "html", "published"?, "outlet"?}``, read as
    a stream (gzip told by its magic bytes), so a file of any size is read in bounded memory; the size
    cap is per line. A bad line is one problem naming the line; the rest goes on.

    :param name: what problems call the input (a file name, or "standard input")
    :param key_base: what identifies the input in the source keys of lines without a URL
    :param path: the file read (None for standard input)
    """
    readable = handle if isinstance(handle, io.BufferedReader) else io.BufferedReader(handle)  # type: ignore[arg-type]
    if readable.peek(2)[:2] == b"\x1f\x8b":
        readable = io.BufferedReader(gzip.GzipFile(fileobj=readable))  # type: ignore[arg-type]
    try:
        head = readable.peek(8192)[:8192]
        wide = next((enc for bom, enc in _BOMS if head.startswith(bom)), None) or (
            _wide_encoding(head) if b"\x00" in head else None)
        if wide is None and _looks_binary(head):
            yield RawDocument(source_key=source_key("jsonl", key_base, "binary"), input_format="text", content=None,
                              path=path, origin="jsonl", problem=f"{name}: binary file, not JSON lines")
            return
        if wide is not None:
            lines: Iterator[bytes | int | str] = io.TextIOWrapper(readable, encoding=wide, errors="replace")
        else:
            lines = _byte_lines(readable, MAX_ITEM_BYTES)
        fallback_encoding: list[str | None] = []
        for number, raw_line in enumerate(lines, start=1):
            where = f"{name}: line {number}"
            size = raw_line if isinstance(raw_line, int) else (
                len(raw_line.encode("utf-8", "replace")) if isinstance(raw_line, str) else 0)
            if size > MAX_ITEM_BYTES:
                yield RawDocument(source_key=source_key("jsonl", key_base, f"line {number} too long"),
                                  input_format="text", content=None, path=path, origin="jsonl",
                                  problem=f"{where}: {size / 1_048_576:.1f} MiB; a news item may be at most "
                                          f"{MAX_ITEM_BYTES // 1_048_576} MiB")
                continue
            line = _decode_line(raw_line, head, fallback_encoding) if isinstance(raw_line, bytes) else raw_line
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            if number == 1:
                line = line.lstrip("\ufeff")
            fallback_key = source_key("jsonl", key_base, hashlib.sha256(line.encode("utf-8", "replace")).hexdigest())
            yield _item(line, where, fallback_key, path)
    except (OSError, EOFError, zlib.error) as exc:
        yield RawDocument(source_key=source_key("jsonl", key_base, "unreadable"), input_format="text", content=None,
                          path=path, origin="jsonl", problem=f"{name}: cannot read the rest: {_read_problem(exc)}")


def _looks_binary(head: bytes) -> bool:
    """Control bytes (other than tab, newline, carriage return) in more than a tenth of the start."""
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return bool(head) and controls > len(head) / 10


def _read_problem(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "the compressed stream ends early"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return "not valid gzip data"
    return ((getattr(exc, "strerror", None) or str(exc)) or type(exc).__name__).lower()


def _decode_line(data: bytes, head: bytes, fallback: list[str | None]) -> str:
    """A line as UTF-8, else in the encoding the start of the file was detected in."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if not fallback:
        best = from_bytes(head).best()
        fallback.append(best.encoding if best is not None and best.encoding not in (None, "utf_8") else None)
    if fallback[0] is not None:
        try:
            return data.decode(fallback[0])
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("utf-8", "replace")


def read_file(path: Path) -> Iterator[RawDocument]:
    """The raw documents in one local file (several for JSONL and feed files)."""
    suffix = suffix_of(path)
    key = source_key("file", str(path.resolve()))
    fmt = "html" if suffix in HTML_SUFFIXES else "text"

    def refused(problem: str) -> RawDocument:
        return RawDocument(source_key=key, input_format=fmt, content=None, path=str(path), problem=problem)

    try:
        mode = path.stat().st_mode          # follows a symlink: /dev/zero behind one is a device
    except OSError as exc:
        yield refused(f"cannot read: {(exc.strerror or str(exc)).lower()}")
        return
    if not stat.S_ISREG(mode):
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        yield refused(f"{kind}, not a file: skipped")
        return
    if suffix in WARC_SUFFIXES:
        from charterwatch.ingest.warc import read_warc

        yield from read_warc(path)
        return
    if suffix in JSONL_SUFFIXES:
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield refused(f"cannot read: {(exc.strerror or str(exc)).lower()}")
            return
        with handle:
            yield from read_jsonl_stream(handle, path.name, str(path.resolve()), str(path))
        return
    try:
        with path.open("rb") as handle:        # bounded: never more than the cap, whatever stat said
            data = handle.read(MAX_FILE_BYTES + 1)
            size = max(len(data), os.fstat(handle.fileno()).st_size)
    except OSError as exc:
        yield refused(f"cannot read: {(exc.strerror or str(exc)).lower()}")
        return
    if size > MAX_FILE_BYTES:
        yield refused(f"file is {size / 1_048_576:.1f} MiB; a news item may be at most {MAX_FILE_BYTES // 1_048_576} MiB")
        return
    if suffix in FEED_SUFFIXES:
        from charterwatch.ingest.feeds import parse_feed, raw_documents_from_feed_text

        yield from raw_documents_from_feed_text(parse_feed(data), feed_name=str(path))
        return
    text, problem = decode_bytes(data)
    content_key = source_key("file", str(path.resolve()), hashlib.sha256(data).hexdigest())
    yield RawDocument(source_key=content_key, input_format=fmt, content=text, path=str(path), problem=problem,
                      url=None, origin="file")


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files to read, folders expanded recursively (known suffixes only), in a stable order.

    Raises :class:`IngestError` for a path that does not exist or a file of an unknown type, before
    anything is read, so a typo stores nothing.
    """
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_dir():
            # regular files only: a FIFO or socket in a folder is never opened (it could block)
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and suffix_of(p) in KNOWN_SUFFIXES
                                and not p.name.startswith(".")))
        elif suffix_of(path) in KNOWN_SUFFIXES:
            files.append(path)
        else:
            raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                              f"(expected {', '.join(sorted(KNOWN_SUFFIXES))})")
    return files
