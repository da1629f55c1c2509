"""Feeds: items and their pages, the feed's text as fallback, conditional GET."""

from __future__ import annotations

import datetime as dt

import httpx

from charterwatch.ingest.feeds import FeedState, parse_feed, poll_feed
from charterwatch.ingest.fetch import Fetcher

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Sample Feed</title><link>https://feed.example/</link>
<item><title>Working group meets</title><link>https://feed.example/a</link><pubDate>Wed, 21 Jan 2026 10:00:00 +0400</pubDate>
<description>&lt;p&gt;The working group met in Baku for its second session.&lt;/p&gt;</description></item>
<item><title>Page gone</title><link>https://feed.example/gone</link><pubDate>Thu, 22 Jan 2026 10:00:00 +0400</pubDate>
<description>Only the feed has this text about the charter.</description></item>
</channel></rss>"""
PAGE = b"<html><body><article><p>The full article text.</p></article></body></html>"


def make_fetcher(log):
    def handler(request):
        log.append((str(request.url), request.headers.get("if-none-match")))
        if request.url.path == "/rss":
            if request.headers.get("if-none-match") == '"v1"':
                return httpx.Response(304)
            return httpx.Response(200, headers={"content-type": "application/rss+xml", "etag": '"v1"'}, content=FEED)
        if request.url.path == "/a":
            return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)
        return httpx.Response(404)
    return Fetcher(client=httpx.Client(transport=httpx.MockTransport(handler)), resolver=lambda h, p: ["93.184.216.34"])


def test_parse_feed_items():
    items = parse_feed(FEED)
    assert [(i.title, i.link, i.published, i.outlet) for i in items] == [
        ("Working group meets", "https://feed.example/a", dt.date(2026, 1, 21), "Sample Feed"),
        ("Page gone", "https://feed.example/gone", dt.date(2026, 1, 22), "Sample Feed")]


def test_poll_fetches_pages_and_falls_back_to_feed_text():
    log = []
    state, documents, warnings = poll_feed("https://feed.example/rss", make_fetcher(log), None)
    assert state == FeedState(etag='"v1"', last_modified=None)
    assert [(d.url, d.input_format, d.published_source, d.content) for d in documents] == [
        ("https://feed.example/a", "html", "feed", PAGE.decode()),
        ("https://feed.example/gone", "text", "feed", "Only the feed has this text about the charter.")]
    assert warnings == ["https://feed.example/gone: HTTP 404; used the feed's text instead"]


def test_conditional_get_returns_nothing_when_unchanged():
    log = []
    state, documents, _ = poll_feed("https://feed.example/rss", make_fetcher(log), FeedState(etag='"v1"'))
    assert documents == [] and state.etag == '"v1"'
    assert log == [("https://feed.example/rss", '"v1"')]
