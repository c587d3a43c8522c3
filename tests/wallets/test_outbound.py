"""The safe POST the wallets use (lms.core.outbound.post) keeps the fetcher's rules: public addresses only,
https only, no credentials in URLs, size limits; it follows no redirect, and hands back any status."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from wsgiref.simple_server import make_server

import pytest

from lms.core.outbound import FetchRefused, fetch_json, post
from tests.verifier.servers import serving


def refusal(url, **options) -> str:
    with pytest.raises(FetchRefused) as caught:
        post(url, b"{}", content_type="application/json", **options)
    return caught.value.code


@pytest.mark.parametrize("url", ["https://10.0.0.1/token", "https://127.0.0.1/token", "https://[::1]/token",
                                 "https://169.254.169.254/latest/api/token", "https://localhost/token",
                                 "https://[::ffff:10.0.0.1]/token"])
def test_private_and_loopback_addresses_are_refused_in_production(url):
    assert refusal(url) == "private"


def test_only_https_in_production_and_no_credentials_in_urls():
    assert refusal("http://example.org/token") == "scheme"
    assert refusal("https://user:pw@example.org/token") == "url"
    assert refusal("https://example.org:99999/") == "url"


def test_the_body_and_headers_arrive_and_any_status_comes_back():
    seen = {}

    def echo(environ, start_response):
        seen.update(body=environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])), type=environ["CONTENT_TYPE"],
                    authorization=environ.get("HTTP_AUTHORIZATION"), host=environ["HTTP_HOST"])
        start_response("409 Conflict", [("Content-Type", "application/json; charset=utf-8")])
        return [b'{"error": "conflict"}']

    server = make_server("127.0.0.1", 0, echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        answer = post(f"http://127.0.0.1:{server.server_port}/credentials", b'{"a": 1}', content_type="application/json",
                      headers={"Authorization": "Bearer t"}, allow_http=True, allow_private=True)
    finally:
        server.shutdown()
        server.server_close()
    assert (answer.status, answer.ok, answer.media_type, answer.json()) == (409, False, "application/json", {"error": "conflict"})
    assert seen == {"body": b'{"a": 1}', "type": "application/json", "authorization": "Bearer t",
                    "host": f"127.0.0.1:{server.server_port}"}


def test_a_redirect_is_not_followed():
    routes = {"/token": (307, [("Location", "http://127.0.0.1:9/elsewhere")], b"")}
    with serving(routes) as base:
        answer = post(f"{base}/token", b"x", content_type="text/plain", allow_http=True, allow_private=True)
    assert answer.status == 307 and not answer.ok


def test_a_large_answer_is_refused_and_a_non_json_one_reads_as_such():
    routes = {"/big": (200, [("Content-Type", "application/json")], b'"' + b"x" * 600_000 + b'"'),
              "/html": (200, [("Content-Type", "text/html")], b"<html></html>")}
    with serving(routes) as base:
        assert refusal(f"{base}/big", allow_http=True, allow_private=True) == "too large"
        answer = post(f"{base}/html", b"{}", content_type="application/json", allow_http=True, allow_private=True)
    assert answer.ok and not answer.is_json
    with pytest.raises(FetchRefused):
        answer.json()


class Dripping:
    """A server on loopback that answers one byte every half second, each within any socket timeout:
    only a limit on the whole request stops it. ``head`` is sent at once, then ``drip`` byte by byte,
    over and over, until the client goes or the test ends."""

    def __init__(self, head: bytes, drip: bytes = b" ") -> None:
        self.head, self.drip = head, drip
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)  # the request (small: it arrives at once)
            try:
                connection.sendall(self.head)
                while not self.stop.wait(0.5):
                    connection.sendall(self.drip)
            except OSError:  # the client hung up: what the test wants
                pass

    def __enter__(self) -> Dripping:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.listener.close()
        self.thread.join(timeout=10)


LIMIT, MARGIN = 1.5, 1.5
DRIPPING_BODY = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
DRIPPING_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Slow: "


# A TLS handshake record announcing 16 KB (the ServerHello the client waits for), then dripped.
DRIPPING_HANDSHAKE = b"\x16\x03\x03\x40\x00\x02"


@pytest.mark.parametrize("head, scheme", [(DRIPPING_BODY, "http"), (DRIPPING_HEADERS, "http"),
                                          (DRIPPING_HANDSHAKE, "https")], ids=["body", "headers", "tls-handshake"])
@pytest.mark.parametrize("request_it", [
    lambda url: post(url, b"{}", content_type="application/json", allow_http=True, allow_private=True, timeout=LIMIT),
    lambda url: fetch_json(url, allow_http=True, allow_private=True, timeout=LIMIT),
], ids=["post", "fetch_json"])
def test_a_server_dripping_its_answer_is_given_up_on_at_the_time_limit(head, scheme, request_it):
    with ThreadPoolExecutor(1) as pool, Dripping(head) as server:  # the server ends first, whatever happens
        started = time.monotonic()
        asked = pool.submit(request_it, f"{server.url.replace('http', scheme, 1)}/token")
        with pytest.raises(FetchRefused) as caught:
            asked.result(timeout=LIMIT + MARGIN)  # awaited: a request still running then fails the test
        elapsed = time.monotonic() - started
    assert caught.value.code == "slow" and elapsed < LIMIT + MARGIN
