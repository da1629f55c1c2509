"""Web archives: each HTTP response record holding HTML, as one raw document.

WARC is how crawls are kept (Common Crawl's CC-NEWS, an organisation's own crawler, Heritrix,
wget --warc-file). warcio reads plain and gzipped files as a stream, record by record. The
record's target URI identifies the document (so the same page in two archives is stored once);
the crawl date is not a publication date and is never used as one. A record that cannot be used
(not HTML, binary, too large) is one problem naming the record; a file that breaks off is one
problem, and what came before it stays read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from charterwatch.ingest.files import MAX_ITEM_BYTES, WARC_SUFFIXES, decode_bytes, source_key
from charterwatch.text.model import RawDocument

__all__ = ["WARC_SUFFIXES", "read_warc"]

#: Content types read as HTML; other responses (images, scripts, PDFs) are skipped quietly: a
#: crawl holds far more of them than of articles, and none is news text.
HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def read_warc(path: Path) -> Iterator[RawDocument]:
    """The HTML responses of one WARC file (plain or gzipped), as a stream."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = path.name
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield RawDocument(source_key=source_key("warc", str(path.resolve())), input_format="html", content=None,
                          path=str(path), origin="warc",
                          problem=f"{name}: cannot read: {(exc.strerror or str(exc)).lower()}")
        return
    number = 0
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                number += 1
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                where = f"{name}: record {number}"
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                if not content_type.startswith(HTML_TYPES):
                    continue
                key = source_key("url", uri) if uri else source_key("warc", str(path.resolve()), str(number))
                body = record.content_stream().read(MAX_ITEM_BYTES + 1)
                if len(body) > MAX_ITEM_BYTES:
                    yield RawDocument(source_key=key, input_format="html", content=None, url=uri or None,
                                      path=str(path), origin="warc",
                                      problem=f"{where}: over {MAX_ITEM_BYTES // 1_048_576} MiB; a news item may be at "
                                              f"most {MAX_ITEM_BYTES // 1_048_576} MiB")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield RawDocument(source_key=key, input_format="html", content=None, url=uri or None,
                                      path=str(path), origin="warc",
                                      problem=f"{where}: ends early ({len(body)} of {record.length} bytes): the file is cut off")
                    continue
                text, problem = _decode(body, _charset(content_type))
                if not uri:
                    key = source_key("warc", str(path.resolve()), hashlib.sha256(body).hexdigest())
                yield RawDocument(source_key=key, input_format="html", content=text, url=uri or None, path=str(path),
                                  origin="warc", problem=f"{where}: {problem}" if problem else None)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield RawDocument(source_key=source_key("warc", str(path.resolve()), f"broken after {number}"),
                              input_format="html", content=None, path=str(path), origin="warc",
                              problem=f"{name}: cannot read past record {number}: {str(exc).strip() or type(exc).__name__}")


def _decode(body: bytes, charset: str | None) -> tuple[str | None, str | None]:
    """The page's text: the charset the server declared when it decodes cleanly, else as for files."""
    if charset:
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if "\x00" not in text:
                return text, None
    return decode_bytes(body)
