"""RSS and Atom feeds with feedparser: items, their pages, conditional GET state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import feedparser

from charterwatch.ingest.fetch import FEED_TYPES, Fetcher, FetchError
from charterwatch.ingest.files import source_key
from charterwatch.text.model import RawDocument


@dataclass(frozen=True)
class FeedItem:
    link: str | None
    guid: str | None
    title: str | None
    published: dt.date | None
    text: str | None          # the feed's own text (content or summary), HTML or plain
    outlet: str | None


@dataclass(frozen=True)
class FeedState:
    """What the server said last time, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def parse_feed(content: bytes | str) -> list[FeedItem]:
    parsed = feedparser.parse(content)
    outlet = parsed.feed.get("title")
    items = []
    for entry in parsed.entries:
        content_list = entry.get("content") or []
        text = content_list[0].get("value") if content_list else entry.get("summary")
        items.append(FeedItem(link=entry.get("link"), guid=entry.get("id"), title=entry.get("title"),
                              published=_entry_date(entry), text=text, outlet=outlet))
    return items


def _item_key(item: FeedItem, feed_name: str) -> str:
    if item.link:
        return source_key("url", item.link)
    return source_key("feed", feed_name, item.guid or item.title or "")


def _from_feed_text(item: FeedItem, feed_name: str) -> RawDocument:
    text = item.text or ""
    return RawDocument(source_key=_item_key(item, feed_name), input_format="html" if "<" in text else "text",
                       content=text or None, url=item.link, title=item.title, outlet=item.outlet,
                       published=item.published, published_source="feed" if item.published else None,
                       origin="feed", problem=None if text else "feed item has no text and its page was not fetched")


def raw_documents_from_feed_text(items: list[FeedItem], *, feed_name: str) -> Iterator[RawDocument]:
    """Documents from a feed's own text, without fetching pages (a feed file read offline)."""
    for item in items:
        yield _from_feed_text(item, feed_name)


def poll_feed(url: str, fetcher: Fetcher, state: FeedState | None) -> tuple[FeedState, list[RawDocument], list[str]]:
    """Fetch a feed (conditionally) and each item's page; fall back to the feed's text per item.

    :returns: the new state, the documents, and one line per item whose page could not be fetched
    """
    headers = {}
    if state and state.etag:
        headers["If-None-Match"] = state.etag
    if state and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    page = fetcher.get(url, accept=FEED_TYPES + ("text/html",), headers=headers)
    new_state = FeedState(etag=page.headers.get("etag") or (state.etag if state else None),
                          last_modified=page.headers.get("last-modified") or (state.last_modified if state else None))
    if page.status == 304:
        return new_state, [], []
    documents, warnings = [], []
    for item in parse_feed(page.text):
        if item.link:
            try:
                fetched = fetcher.get(item.link)
            except FetchError as exc:
                warnings.append(f"{exc.message}; used the feed's text instead")
            else:
                documents.append(RawDocument(
                    source_key=_item_key(item, url), input_format="html" if fetched.content_type != "text/plain" else "text",
                    content=fetched.text, url=fetched.url if fetched.url == item.link else item.link, title=item.title,
                    outlet=item.outlet, published=item.published, published_source="feed" if item.published else None,
                    origin="feed"))
                continue
        documents.append(_from_feed_text(item, url))
    return new_state, documents, warnings
