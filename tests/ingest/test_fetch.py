"""Fetching: private addresses refused, redirects checked and capped, size and type limits.

Only the lowest layer is replaced: an httpx MockTransport serving bytes we wrote, and a resolver.
One test also runs a real HTTP server on loopback.
"""

from __future__ import annotations

import http.server
import threading
import time

import httpx
import pytest

from charterwatch.ingest.fetch import Fetcher, FetchError

PAGE = b"<html><head><title>T</title></head><body><p>Hello</p></body></html>"


def public_resolver(host, port):
    return {"news.example": ["93.184.216.34"], "evil.example": ["10.0.0.5"]}.get(host, ["93.184.216.35"])


def fetcher_for(handler, **kwargs):
    return Fetcher(client=httpx.Client(transport=httpx.MockTransport(handler)), resolver=public_resolver, **kwargs)


def test_a_page_is_fetched_and_decoded():
    fetcher = fetcher_for(lambda request: httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=PAGE))
    page = fetcher.get("https://news.example/a")
    assert (page.status, page.content_type, page.text) == (200, "text/html", PAGE.decode())


@pytest.mark.parametrize("url, message", [
    ("https://evil.example/a", "https://evil.example/a: refusing non-public address 10.0.0.5 (use --allow-private to permit it)"),
    ("ftp://news.example/a", "ftp://news.example/a: only http and https URLs can be fetched"),
])
def test_refused_addresses(url, message):
    fetcher = fetcher_for(lambda request: httpx.Response(200, content=PAGE))
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert caught.value.message == message


def test_a_redirect_to_a_private_address_is_refused():
    def handler(request):
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"location": "https://evil.example/admin"})
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE)
    with pytest.raises(FetchError, match="refusing non-public address 10.0.0.5"):
        fetcher_for(handler).get("https://news.example/a")


def test_redirects_are_capped():
    fetcher = fetcher_for(lambda request: httpx.Response(301, headers={"location": "/again"}), max_redirects=3)
    with pytest.raises(FetchError, match="https://news.example/a: more than 3 redirects"):
        fetcher.get("https://news.example/a")


@pytest.mark.parametrize("response, message", [
    (httpx.Response(200, headers={"content-type": "image/png"}, content=b"\x89PNG"), "content type 'image/png' is not one of"),
    (httpx.Response(404, content=b"nope"), "HTTP 404"),
    (httpx.Response(200, headers={"content-type": "text/html"}, content=b"x" * 2048), "2048 bytes is over the 1000-byte limit"),
    (httpx.Response(200, headers={"content-type": "text/html"}, content=iter([b"x" * 600, b"x" * 600])),
     "more than 1000 bytes, stopped reading"),
])
def test_limits(response, message):
    with pytest.raises(FetchError, match=message):
        fetcher_for(lambda request: response, max_bytes=1000).get("https://news.example/a")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


def test_a_real_local_server_needs_allow_private():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/article"
    try:
        with pytest.raises(FetchError, match="refusing non-public address 127.0.0.1"):
            Fetcher.default().get(url)
        fetcher = Fetcher.default(allow_private=True)
        assert fetcher.get(url).text == PAGE.decode()
        fetcher.close()
    finally:
        server.shutdown()


class _Trickle(http.server.BaseHTTPRequestHandler):
    """A server that sends its page a byte every 0.2 s: each read is quick, the whole is slow."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for byte in PAGE * 20:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    def log_message(self, *args):
        pass


def test_a_trickling_server_cannot_hold_a_fetch_past_its_deadline():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetcher = Fetcher.default(allow_private=True)
    fetcher.deadline_seconds = 1.5
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="not done after 2 s"):
            fetcher.get(f"http://127.0.0.1:{server.server_address[1]}/slow")
        assert time.monotonic() - started < 5
    finally:
        fetcher.close()
        server.shutdown()
