"""Fetching pages over HTTP(S) with httpx, defensively.

Refuses loopback, private, link-local and other non-public addresses unless allowed (a feed
could otherwise make charterwatch probe a private network), checks every redirect hop the same
way, caps redirects, size and time, and accepts only text content types.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from charset_normalizer import from_bytes

from charterwatch.errors import CharterwatchError

#: Pages larger than this are refused: news pages are well under it, and it bounds memory.
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
#: The whole fetch (every redirect and every read) ends by then: a server trickling one byte a
#: second cannot hold a fetch longer than this plus one read timeout.
DEADLINE_SECONDS = 60.0
USER_AGENT = "charterwatch/0.1 (+https://github.com/charterwatch; news monitoring of agreements)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")

Resolver = Callable[[str, int], list[str]]


class FetchError(CharterwatchError):
    """A URL could not be fetched; the message names the URL and the reason."""

    exit_code = 1


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"{host}: cannot resolve ({exc.strerror})") from None
    return sorted({info[4][0] for info in infos})


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class FetchedPage:
    url: str                       # after redirects
    status: int
    content_type: str
    text: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fetcher:
    """One HTTP client and the rules every request follows.

    :param client: an ``httpx.Client`` (tests pass one with a ``MockTransport``)
    :param allow_private: permit loopback/private addresses (for a local mirror, or tests)
    :param resolver: host -> addresses; the system resolver by default
    """

    client: httpx.Client
    allow_private: bool = False
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    resolver: Resolver = resolve_host
    deadline_seconds: float = DEADLINE_SECONDS

    @classmethod
    def default(cls, *, allow_private: bool = False) -> Fetcher:
        client = httpx.Client(timeout=httpx.Timeout(TIMEOUT_SECONDS), follow_redirects=False,
                              headers={"User-Agent": USER_AGENT})
        return cls(client=client, allow_private=allow_private)

    def close(self) -> None:
        self.client.close()

    def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs can be fetched")
        if not parts.hostname:
            raise FetchError(f"{url}: no host in the URL")
        if self.allow_private:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for address in self.resolver(parts.hostname, port):
            if not is_public(address):
                raise FetchError(f"{url}: refusing non-public address {address} (use --allow-private to permit it)")

    def get(self, url: str, *, accept: tuple[str, ...] = PAGE_TYPES, headers: dict[str, str] | None = None) -> FetchedPage:
        """GET ``url`` following at most ``max_redirects`` checked redirects; 304 returns empty text."""
        current = url
        ends = time.monotonic() + self.deadline_seconds
        for _hop in range(self.max_redirects + 1):
            self._check_address(current)
            try:
                with self.client.stream("GET", current, headers=headers or {}) as response:
                    if response.status_code == 304:
                        return FetchedPage(current, 304, "", "", dict(response.headers))
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"{current}: redirect without a Location header")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"{current}: HTTP {response.status_code}")
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if content_type not in accept:
                        raise FetchError(f"{current}: content type {content_type or 'missing'!r} is not one of "
                                         f"{', '.join(accept)}")
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise FetchError(f"{current}: {int(declared)} bytes is over the {self.max_bytes}-byte limit")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        if time.monotonic() > ends:
                            raise FetchError(f"{current}: not done after {self.deadline_seconds:.0f} s, stopped reading")
                        body.extend(chunk)
                        if len(body) > self.max_bytes:
                            raise FetchError(f"{current}: more than {self.max_bytes} bytes, stopped reading")
                    text = _decode(bytes(body), response.encoding if response.charset_encoding else None)
                    return FetchedPage(current, response.status_code, content_type, text, dict(response.headers))
            except httpx.TimeoutException:
                raise FetchError(f"{current}: timed out") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}") from None
        raise FetchError(f"{url}: more than {self.max_redirects} redirects")


def _decode(data: bytes, declared: str | None) -> str:
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")
