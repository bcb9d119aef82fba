"""Fetching a source's document over HTTP(S), carefully.

- Only http and https; the host is resolved once and every address it resolves to must be a
  public one (no loopback, private, link-local, multicast or reserved address) unless
  ``FEEDS_ALLOW_PRIVATE_URLS`` is set; the connection then goes to that checked address, so
  a second DNS answer cannot swap in another (DNS rebinding). Redirects (at most five) are
  checked the same way.
- A timeout on connecting and on every read, and a deadline for the whole transfer, so a
  server that hangs or drips ends the fetch.
- A size limit, checked against ``Content-Length`` and while reading, so a 2 GB answer is
  refused after the limit, not stored.
- Conditional GET: the source's last ``ETag`` and ``Last-Modified`` are sent, and "304 Not
  Modified" is an answer with nothing new.
- Gzip-encoded answers are decompressed within the same size limit.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

MAX_REDIRECTS = 5


class FetchError(Exception):
    """The document could not be fetched; ``transient`` when trying again may help."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient


@dataclass
class Fetched:
    content: bytes | None  # None: not modified since the last fetch
    etag: str = ""
    last_modified: str = ""
    url: str = ""


def _check_address(host: str, port: int) -> str:
    """The address to connect to, once every address of the host has been checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(
            f"The host {host} cannot be resolved ({error.strerror}).", transient=True
        ) from None
    addresses = [info[4][0] for info in infos]
    if not settings.FEEDS_ALLOW_PRIVATE_URLS:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise FetchError(
                    f"{host} resolves to {address}, a private or local address: feeds must be "
                    "public (set FEEDS_ALLOW_PRIVATE_URLS=true for development and tests)."
                )
    return addresses[0]


class _Connection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _TLSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def _read(response: http.client.HTTPResponse, limit: int, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"The answer is {int(declared):,} bytes, over the limit of {limit:,}.")
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("The server took too long to send the document.", transient=True)
        chunk = response.read(65536)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise FetchError(f"The answer is over the limit of {limit:,} bytes.")
        chunks.append(chunk)
    body = b"".join(chunks)
    if (response.getheader("Content-Encoding") or "").lower() == "gzip":
        body = _gunzip(body, limit)
    return body


def _gunzip(body: bytes, limit: int) -> bytes:
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflate.decompress(body, limit + 1)
    except zlib.error:
        raise FetchError("The gzip-encoded answer is damaged.") from None
    if len(out) > limit or inflate.unconsumed_tail:
        raise FetchError(f"The answer unpacks to more than the limit of {limit:,} bytes.")
    return out


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the document at ``url`` within the limits above."""
    timeout = settings.FEEDS_TIMEOUT_SECONDS
    deadline = time.monotonic() + settings.FEEDS_DEADLINE_SECONDS
    limit = settings.FEEDS_MAX_BYTES
    headers = {
        "User-Agent": settings.FEEDS_USER_AGENT,
        "Accept-Encoding": "gzip",
        "Accept": "*/*",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"Only http and https URLs can be fetched, not {url!r}.")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _check_address(parts.hostname, port)
        kind = _TLSConnection if parts.scheme == "https" else _Connection
        connection = kind(parts.hostname, port, address, timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"A redirect ({response.status}) without a Location.")
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return Fetched(None, etag, last_modified, url)
            if response.status >= 500 or response.status == 429:
                raise FetchError(
                    f"The server answered {response.status} {response.reason}.", transient=True
                )
            if response.status != 200:
                raise FetchError(f"The server answered {response.status} {response.reason}.")
            body = _read(response, limit, deadline)
            return Fetched(
                body,
                response.getheader("ETag") or "",
                response.getheader("Last-Modified") or "",
                url,
            )
        except TimeoutError:
            raise FetchError("The server did not answer in time.", transient=True) from None
        except ssl.SSLError as error:
            raise FetchError(f"The TLS connection failed: {error.reason}.") from None
        except (http.client.HTTPException, OSError) as error:
            raise FetchError(f"The connection failed: {error}.", transient=True) from None
        finally:
            connection.close()
    raise FetchError(f"More than {MAX_REDIRECTS} redirects.")
