"""Reading local inputs: HTML, plain text/Markdown, JSONL records, feed files, and folders of them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
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


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """(text, None) or (None, why it is not text). UTF-8 first, then a detected charset."""
    head = data[:8192]
    if b"\x00" in head:
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
    text, problem = decode_bytes(data)
    if text is None:
        yield RawDocument(source_key=source_key("file", str(path.resolve())), input_format="text", content=None,
                          path=str(path), problem=problem, origin="jsonl")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fallback_key = source_key("jsonl", str(path.resolve()), hashlib.sha256(line.encode()).hexdigest())
        where = f"{path.name}: line {number}"
        try:
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
    size = path.stat().st_size
    key = source_key("file", str(path.resolve()))
    fmt = "html" if suffix in HTML_SUFFIXES else "text"
    if size > MAX_FILE_BYTES:
        yield RawDocument(source_key=key, input_format=fmt, content=None, path=str(path),
                          problem=f"file is {size / 1_048_576:.1f} MiB; a news item may be at most "
                                  f"{MAX_FILE_BYTES // 1_048_576} MiB")
        return
    data = path.read_bytes()
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
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
                                and not p.name.startswith(".")))
        elif path.suffix.lower() in KNOWN_SUFFIXES:
            files.append(path)
        else:
            raise IngestError(f"{path}: unsupported file type {path.suffix or '(none)'!r} "
                              f"(expected {', '.join(sorted(KNOWN_SUFFIXES))})")
    return files
