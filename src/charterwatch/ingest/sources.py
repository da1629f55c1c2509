"""Turning what a user names (paths, URLs, feed URLs) into raw documents; the network lives here."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from charterwatch.ingest.feeds import FeedState, poll_feed
from charterwatch.ingest.fetch import Fetcher, FetchError
from charterwatch.ingest.files import STDIN, IngestError, expand_paths, read_file, read_jsonl_stream, source_key
from charterwatch.text.model import RawDocument


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


@dataclass
class Collected:
    #: read lazily: files (and standard input) are streamed as the ingest consumes them
    documents: Iterable[RawDocument] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)      # inputs that gave nothing (one line each)
    warnings: list[str] = field(default_factory=list)      # inputs that fell back (feed text)
    feed_states: dict[str, FeedState] = field(default_factory=dict)


def fetch_page(url: str, fetcher: Fetcher) -> RawDocument:
    page = fetcher.get(url)
    return RawDocument(source_key=source_key("url", url), input_format="text" if page.content_type == "text/plain" else "html",
                       content=page.text, url=page.url, origin="url")


def _read_files(files: list[Path], stdin: BinaryIO | None) -> Iterator[RawDocument]:
    for path in files:
        yield from read_file(path)
    if stdin is not None:
        yield from read_jsonl_stream(stdin, "standard input", "stdin")


def collect(inputs: list[str], feeds: list[str], *, fetcher: Fetcher | None,
            feed_states: dict[str, FeedState | None], stdin: BinaryIO | None = None) -> Collected:
    """Every named input. Local paths are checked first (IngestError before any fetch); files and
    standard input (``-``: JSON lines) are read as the documents are consumed, not all at once.

    :param stdin: what ``-`` reads
    """
    out = Collected()
    if inputs.count(STDIN) > 1:
        raise IngestError("-: standard input can be named once")
    if STDIN in inputs and stdin is None:
        raise IngestError("-: no standard input to read")
    paths = [Path(value) for value in inputs if not is_url(value) and value != STDIN]
    files = expand_paths(paths)
    fetched: list[RawDocument] = []
    out.documents = itertools.chain(_read_files(files, stdin if STDIN in inputs else None), fetched)
    urls = [value for value in inputs if is_url(value)]
    if (urls or feeds) and fetcher is None:
        raise ValueError("a fetcher is needed for URLs and feeds")
    for url in urls:
        try:
            fetched.append(fetch_page(url, fetcher))
        except FetchError as exc:
            out.failures.append(exc.message)
    for feed_url in feeds:
        try:
            state, documents, warnings = poll_feed(feed_url, fetcher, feed_states.get(feed_url))
        except FetchError as exc:
            out.failures.append(exc.message)
            continue
        out.feed_states[feed_url] = state
        fetched.extend(documents)
        out.warnings.extend(warnings)
    return out
