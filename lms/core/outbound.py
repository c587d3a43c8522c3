"""Fetch a small JSON document from another site, or POST to one, safely (no SSRF): for the badge
verifier and the wallets.

The host name is resolved once, every address it resolves to must be public (not private,
loopback, link-local, multicast or reserved), and the connection goes to that address (so a
second, different DNS answer cannot lead elsewhere: no DNS rebinding); TLS still checks the
certificate against the host name. Redirects are followed by hand, each new address checked again.
Only https (plain http only where the settings allow it), at most MAX_BYTES within TIMEOUT seconds,
and only a JSON media type. A POST (``post``) keeps the same rules but follows no redirect (a request
with a body is not repeated elsewhere): its answer, whatever the status, goes back to the caller."""

from __future__ import annotations

import ipaddress
import json
import socket
from collections.abc import Container, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3

from badges.ob3.checks import too_deep
from lms.core import clock

MAX_BYTES = 512 * 1024
TIMEOUT = 5.0
MAX_REDIRECTS = 3
JSON_TYPES = ("application/json", "application/ld+json")
USER_AGENT = "lms-open-badges"


class FetchRefused(ValueError):
    """The URL was not fetched, or its answer not accepted; ``code`` names why (for a translated message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback)


def resolve(host: str, port: int, *, allow_private: bool | Container[str]) -> str:
    """The one address to connect to; every address the name resolves to must be public (or allowed:
    ``allow_private`` True allows every address, a set of addresses allows those)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise FetchRefused("unresolved", host) from error
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchRefused("unresolved", host)
    allowed = allow_private if isinstance(allow_private, bool) else None
    if not allowed and not all(_public(a) or (allowed is None and a in allow_private) for a in addresses):
        raise FetchRefused("private", host)
    return addresses[0]


def _target(url: str, allow_http: bool) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise FetchRefused("url", url[:200]) from error
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        raise FetchRefused("scheme", parts.scheme)
    if not parts.hostname or parts.username or parts.password:
        raise FetchRefused("url", url[:200])
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchRefused("url", url[:200]) from error
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def fetch_json(url: str, *, allow_private: bool | Container[str] = False, allow_http: bool = False,
               max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> dict | list:
    """The JSON document at ``url``; FetchRefused when it is not safe or not a small JSON answer."""
    deadline = clock.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        pool, response = _get(url, allow_private, allow_http, deadline)
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                try:
                    url = urljoin(url, response.headers["Location"])
                except ValueError as error:
                    raise FetchRefused("url", url[:200]) from error
                continue
            if response.status != 200:
                raise FetchRefused("status", str(response.status))
            media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            if media not in JSON_TYPES and not media.endswith("+json"):
                raise FetchRefused("type", media)
            return _parse(_read(response, max_bytes, deadline))
        finally:
            response.close()
            pool.close()
    raise FetchRefused("redirects", url[:200])


def _get(url: str, allow_private, allow_http: bool, deadline: float):
    return _open("GET", url, allow_private, allow_http, deadline,
                 {"Accept": "application/ld+json, application/json;q=0.9"}, None)


def _open(method: str, url: str, allow_private, allow_http: bool, deadline: float, headers: Mapping[str, str],
          body: bytes | None):
    scheme, host, port, path = _target(url, allow_http)
    address = resolve(host, port, allow_private=allow_private)
    remaining = max(0.1, deadline - clock.monotonic())
    timeout = urllib3.Timeout(connect=remaining, read=remaining)
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(address, port, server_hostname=host, assert_hostname=host,
                                           timeout=timeout, retries=False, maxsize=1, cert_reqs="CERT_REQUIRED")
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False, maxsize=1)
    default_port = 443 if scheme == "https" else 80
    sent = {"Host": host if port == default_port else f"{host}:{port}", "User-Agent": USER_AGENT, **headers}
    try:
        return pool, pool.urlopen(method, path, body=body, headers=sent, redirect=False, preload_content=False,
                                  retries=False)
    except urllib3.exceptions.HTTPError as error:
        pool.close()
        raise FetchRefused("unreachable", str(error)[:200]) from error


@dataclass(frozen=True)
class Answer:
    """Another site's answer to a POST: its status, media type and body (at most the size allowed)."""

    status: int
    media_type: str
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def is_json(self) -> bool:
        return self.media_type in JSON_TYPES or self.media_type.endswith("+json")

    def json(self) -> dict | list:
        """The body as JSON; FetchRefused("not json") when it is not (whatever the media type says)."""
        return _parse(self.body)


def post(url: str, body: bytes, *, content_type: str, headers: Mapping[str, str] | None = None,
         allow_private: bool | Container[str] = False, allow_http: bool = False, max_bytes: int = MAX_BYTES,
         timeout: float = TIMEOUT) -> Answer:
    """POST ``body`` to ``url`` under fetch_json's rules (resolved once, public addresses only, https only);
    the answer whatever its status (a redirect is not followed). FetchRefused when the request could not
    be made safely, or its answer was too large or too slow."""
    deadline = clock.monotonic() + timeout
    sent = {"Accept": "application/json", **(headers or {}), "Content-Type": content_type}
    pool, response = _open("POST", url, allow_private, allow_http, deadline, sent, body)
    try:
        media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        return Answer(response.status, media, _read(response, max_bytes, deadline))
    finally:
        response.close()
        pool.close()


def _read(response, max_bytes: int, deadline: float) -> bytes:
    if int(response.headers.get("Content-Length") or 0) > max_bytes:
        raise FetchRefused("too large")
    body = bytearray()
    try:
        for chunk in response.stream(16 * 1024):
            body.extend(chunk)
            if len(body) > max_bytes:
                raise FetchRefused("too large")
            if clock.monotonic() > deadline:
                raise FetchRefused("slow")
    except urllib3.exceptions.HTTPError as error:
        raise FetchRefused("unreachable", str(error)[:200]) from error
    return bytes(body)


def _parse(body: bytes) -> dict | list:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FetchRefused("not json") from error
    if not isinstance(document, dict | list) or too_deep(document):
        raise FetchRefused("not json")
    return document
