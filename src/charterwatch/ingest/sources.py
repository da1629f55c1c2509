"""Turning what a user names (paths, URLs, feed URLs) into raw documents; the network lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from charterwatch.ingest.feeds import FeedState, poll_feed
from charterwatch.ingest.fetch import Fetcher, FetchError
from charterwatch.ingest.files import expand_paths, read_file, source_key
from charterwatch.text.model import RawDocument


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


@dataclass
class Collected:
    documents: list[RawDocument] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)      # inputs that gave nothing (one line each)
    warnings: list[str] = field(default_factory=list)      # inputs that fell back (feed text)
    feed_states: dict[str, FeedState] = field(default_factory=dict)


def fetch_page(url: str, fetcher: Fetcher) -> RawDocument:
    page = fetcher.get(url)
    return RawDocument(source_key=source_key("url", url), input_format="text" if page.content_type == "text/plain" else "html",
                       content=page.text, url=page.url, origin="url")


def collect(inputs: list[str], feeds: list[str], *, fetcher: Fetcher | None,
            feed_states: dict[str, FeedState | None]) -> Collected:
    """Read every named input. Local paths are checked first (IngestError before any fetch)."""
    out = Collected()
    paths = [Path(value) for value in inputs if not is_url(value)]
    for path in expand_paths(paths):
        out.documents.extend(read_file(path))
    urls = [value for value in inputs if is_url(value)]
    if (urls or feeds) and fetcher is None:
        raise ValueError("a fetcher is needed for URLs and feeds")
    for url in urls:
        try:
            out.documents.append(fetch_page(url, fetcher))
        except FetchError as exc:
            out.failures.append(exc.message)
    for feed_url in feeds:
        try:
            state, documents, warnings = poll_feed(feed_url, fetcher, feed_states.get(feed_url))
        except FetchError as exc:
            out.failures.append(exc.message)
            continue
        out.feed_states[feed_url] = state
        out.documents.extend(documents)
        out.warnings.extend(warnings)
    return out
