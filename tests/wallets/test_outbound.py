"""The safe POST the wallets use (lms.core.outbound.post) keeps the fetcher's rules: public addresses only,
https only, no credentials in URLs, size limits; it follows no redirect, and hands back any status."""

from __future__ import annotations

import threading
from wsgiref.simple_server import make_server

import pytest

from lms.core.outbound import FetchRefused, post
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
