"""Fetch a small JSON document from another site, or POST to one, safely (no SSRF): for the badge
verifier and the wallets.

The host name is resolved once, every address it resolves to must be public (not private,
loopback, link-local, multicast or reserved), and the connection goes to that address (so a
second, different DNS answer cannot lead elsewhere: no DNS rebinding); TLS still checks the
certificate against the host name. Redirects are followed by hand, each new address checked again.
Only https (plain http only where the settings allow it), at most MAX_BYTES within TIMEOUT seconds
(the whole request, redirects included, however slowly the other site answers), and only a JSON
media type. A POST (``post``) keeps the same rules but follows no redirect (a request with a body is
not repeated elsewhere): its answer, whatever the status, goes back to the caller."""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import threading
from collections.abc import Container, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from badges.ob3.checks import too_deep
from lms.core import clock

MAX_BYTES = 512 * 1024
TIMEOUT = 5.0
MAX_REDIRECTS = 3
JSON_TYPES = ("application/json", "application/ld+json")
USER_AGENT = "lms-open-badges"
MAX_LENGTH_DIGITS = 15  # a Content-Length longer than this is far over any limit here


class FetchRefused(ValueError):
    """The URL was not fetched, or its answer not accepted; ``code`` names why (for a translated message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    # 6to4 (2002::/16) and Teredo (2001::/32) addresses carry an IPv4 address their relays lead to: a public
    # IPv6 wrapping 10.0.0.1 or 127.0.0.1 would reach inside, so the IPv4 addresses inside must be public too.
    inside = [ip.sixtofour, *(ip.teredo or ())] if isinstance(ip, ipaddress.IPv6Address) else []
    return all(_plainly_public(each) for each in (ip, *filter(None, inside)))


def _plainly_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
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


class _Deadline:
    """The time limit of one request, redirects included, kept whatever the other site does: each socket
    operation waits at most the time left (a TLS handshake too, as a whole), and a timer shuts the sockets
    of the request's connections when the time is up. A site dripping its answer (a byte now and then, each
    within any socket timeout) would otherwise hold the request as long as it liked, whether it drips the
    status line, the headers or the body."""

    def __init__(self, timeout: float) -> None:
        self.at = clock.monotonic() + timeout
        self._expired = False
        self._connections: list[_Watched] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return max(0.0, self.at - clock.monotonic())

    def over(self) -> bool:
        """The time is up (and what was being read may have been cut short)."""
        return self._expired or self.left() == 0.0

    def watch(self, connection: _Watched) -> None:
        with self._lock:
            self._connections.append(connection)
            late = self._expired
        if late:
            _shut(connection)

    def refusal(self, error: Exception) -> FetchRefused:
        """What a failed connection or read means: too slow once the time is up (or a socket timed out, each
        waiting at most the time left), unreachable otherwise."""
        if self.over() or isinstance(error, urllib3.exceptions.TimeoutError | TimeoutError):
            return FetchRefused("slow")
        return FetchRefused("unreachable", str(error)[:200])

    def end(self) -> None:
        """The request is over: no timer, and no connection left open (urllib3 keeps one it failed to read)."""
        self._timer.cancel()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            for answer in connection.answers:
                answer.close()
            connection.close()

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            connections = list(self._connections)
        for connection in connections:
            _shut(connection)


def _shut(connection: HTTPConnection) -> None:
    """Shut the connection's socket from another thread: a read waiting on it returns at once. The plain
    socket's own shutdown, for a TLS one too (SSLSocket.shutdown would drop its TLS state under the reader)."""
    sock = connection.sock
    if sock is not None:
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:  # already closed
            pass


class _Watched:
    """A connection its request's deadline can shut, and close with every answer read on it."""

    def __init__(self, *args, deadline: _Deadline, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.answers: list[http.client.HTTPResponse] = []
        deadline.watch(self)

    def response_class(self, *args, **kwargs) -> http.client.HTTPResponse:
        # Where http.client makes an answer's reader: kept, to be closed at the end even when urllib3 refuses
        # the answer before handing it over (two different Content-Lengths), which would leave its socket open.
        answer = http.client.HTTPResponse(*args, **kwargs)
        self.answers.append(answer)
        return answer


class _WatchedConnection(_Watched, HTTPConnection):
    pass


class _WatchedTLSConnection(_Watched, HTTPSConnection):
    pass


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedConnection


class _TLSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedTLSConnection


def fetch_json(url: str, *, allow_private: bool | Container[str] = False, allow_http: bool = False,
               max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> dict | list:
    """The JSON document at ``url``; FetchRefused when it is not safe or not a small JSON answer."""
    deadline = _Deadline(timeout)
    try:
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
    finally:
        deadline.end()


def _get(url: str, allow_private, allow_http: bool, deadline: _Deadline):
    return _open("GET", url, allow_private, allow_http, deadline,
                 {"Accept": "application/ld+json, application/json;q=0.9"}, None)


def _open(method: str, url: str, allow_private, allow_http: bool, deadline: _Deadline, headers: Mapping[str, str],
          body: bytes | None):
    """The pool and the response (its status line and headers read, within the time left)."""
    scheme, host, port, path = _target(url, allow_http)
    address = resolve(host, port, allow_private=allow_private)
    if deadline.over():
        raise FetchRefused("slow")
    timeout = urllib3.Timeout(connect=deadline.left(), read=deadline.left())
    if scheme == "https":
        pool = _TLSPool(address, port, server_hostname=host, assert_hostname=host, timeout=timeout, retries=False,
                        maxsize=1, cert_reqs="CERT_REQUIRED", deadline=deadline)
    else:
        pool = _Pool(address, port, timeout=timeout, retries=False, maxsize=1, deadline=deadline)
    default_port = 443 if scheme == "https" else 80
    sent = {"Host": host if port == default_port else f"{host}:{port}", "User-Agent": USER_AGENT, **headers}
    try:
        response = pool.urlopen(method, path, body=body, headers=sent, redirect=False, preload_content=False,
                                retries=False)
    except (urllib3.exceptions.HTTPError, OSError) as error:
        pool.close()
        raise deadline.refusal(error) from error
    if deadline.over():  # the headers may have been cut short when the time ran out
        response.close()
        pool.close()
        raise FetchRefused("slow")
    return pool, response


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
    deadline = _Deadline(timeout)
    sent = {"Accept": "application/json", **(headers or {}), "Content-Type": content_type}
    try:
        pool, response = _open("POST", url, allow_private, allow_http, deadline, sent, body)
        try:
            media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
            return Answer(response.status, media, _read(response, max_bytes, deadline))
        finally:
            response.close()
            pool.close()
    finally:
        deadline.end()


def _declared_length(response) -> int | None:
    """The Content-Length the answer declares; FetchRefused unless it is one plain number (RFC 9110 8.6 lets a
    recipient refuse a list, even of equal values, and anything else is not a length)."""
    value = response.headers.get("Content-Length")
    if value is None:
        return None
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        raise FetchRefused("length", value[:50])
    if len(value) > MAX_LENGTH_DIGITS:  # (and int() would refuse a few thousand digits)
        raise FetchRefused("too large")
    return int(value)


def _read(response, max_bytes: int, deadline: _Deadline) -> bytes:
    """The body, read as it arrives (each read returns what is there, not waiting for more) until it ends,
    grows over ``max_bytes`` or the time is up."""
    if (_declared_length(response) or 0) > max_bytes:
        raise FetchRefused("too large")
    body = bytearray()
    try:
        while chunk := response.read1(16 * 1024):
            body.extend(chunk)
            if len(body) > max_bytes:
                raise FetchRefused("too large")
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise deadline.refusal(error) from error
    if deadline.over():  # the timer shut the connection: what was read may be cut short
        raise FetchRefused("slow")
    return bytes(body)


def _parse(body: bytes) -> dict | list:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FetchRefused("not json") from error
    if not isinstance(document, dict | list) or too_deep(document):
        raise FetchRefused("not json")
    return document
