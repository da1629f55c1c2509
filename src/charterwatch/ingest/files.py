"""Reading local inputs: HTML, plain text/Markdown, JSONL records, feed files, and folders of them."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from charterwatch.errors import CharterwatchError
from charterwatch.text.model import RawDocument

HTML_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt", ".md"}
JSONL_SUFFIXES = {".jsonl"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
#: A news item is kilobytes; a file past this is not one (and would be read into memory whole).
MAX_FILE_BYTES = 10 * 1024 * 1024


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


def read_jsonl(path: Path, data: bytes) -> Iterator[RawDocument]:
    """One document per line: ``{"url", "title", "text" or "html", "published"?, "outlet"?}``."""
    text, problem = decode_bytes(data, allow_nul=True)
    if text is None:
        yield RawDocument(source_key=source_key("file", str(path.resolve())), input_format="text", content=None,
                          path=str(path), problem=problem, origin="jsonl")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fallback_key = source_key("jsonl", str(path.resolve()), hashlib.sha256(line.encode("utf-8", "replace")).hexdigest())
        where = f"{path.name}: line {number}"
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
            yield RawDocument(source_key=fallback_key, input_format="text", content=None, path=str(path),
                              problem=f"{where}: {exc}", origin="jsonl")
            continue
        yield RawDocument(
            source_key=source_key("url", url) if url else fallback_key,
            input_format="html" if body_html else "text", content=body_html or body_text, url=url, path=str(path),
            title=title, outlet=outlet, published=published,
            published_source="given" if published else None, origin="jsonl",
        )


def read_file(path: Path) -> Iterator[RawDocument]:
    """The raw documents in one local file (several for JSONL and feed files)."""
    suffix = path.suffix.lower()
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
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, data)
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
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                                and not p.name.startswith(".")))
        elif path.suffix.lower() in KNOWN_SUFFIXES:
            files.append(path)
        else:
            raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                              f"(expected {', '.join(sorted(KNOWN_SUFFIXES))})")
    return files
