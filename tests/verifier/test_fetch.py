"""The verifier's fetcher refuses what could reach inside the network (SSRF) and what is not a small JSON answer."""

from __future__ import annotations

import socket
import threading
from wsgiref.simple_server import make_server

import pytest

from lms.core import outbound
from lms.core.outbound import FetchRefused, fetch_json, resolve
from tests.verifier.servers import serving


def refusal(url, **options) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch_json(url, **options)
    return caught.value.code


@pytest.mark.parametrize("url", ["https://10.0.0.1/key.json", "https://127.0.0.1/key.json", "https://[::1]/key.json",
                                 "https://169.254.169.254/latest/meta-data", "https://192.168.1.1/", "https://0.0.0.0/",
                                 "https://100.64.0.1/", "https://[::ffff:127.0.0.1]/", "https://localhost/key.json",
                                 # 6to4 and Teredo addresses wrapping loopback, metadata, private IPv4 addresses
                                 "https://[2002:7f00:1::1]/", "https://[2002:a9fe:a9fe::1]/latest/meta-data",
                                 "https://[2002:a00:1::1]/", "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/"])
def test_private_loopback_link_local_and_reserved_addresses_are_refused_in_production(url):
    assert refusal(url) == "private"


def test_only_https_in_production_and_no_credentials_in_urls():
    assert refusal("http://example.org/key.json") == "scheme"
    assert refusal("file:///etc/passwd") == "scheme"
    assert refusal("https://user:pw@example.org/") == "url"
    assert refusal("https://[::1") == "url" and refusal("https://example.org:99999/") == "url"


def test_a_redirect_to_loopback_is_checked_again_and_refused():
    """The first server is allowed (as a public one would be); where it redirects is checked anew."""
    with serving({"/key": (302, [("Location", "http://127.0.0.2:9/secret")], b"")}) as base:
        assert refusal(f"{base}/key", allow_http=True, allow_private={"127.0.0.1"}) == "private"


def test_size_type_and_status_are_checked():
    routes = {"/big": (200, [("Content-Type", "application/json")], b'{"a": "' + b"x" * 600_000 + b'"}'),
              "/html": (200, [("Content-Type", "text/html")], b"<html></html>"),
              "/deep": (200, [("Content-Type", "application/json")], b"[" * 100 + b"]" * 100),
              "/ok": {"id": "fine"}}
    with serving(routes) as base:
        options = {"allow_http": True, "allow_private": True}
        assert refusal(f"{base}/big", **options) == "too large"
        assert refusal(f"{base}/html", **options) == "type"
        assert refusal(f"{base}/deep", **options) == "not json"
        assert refusal(f"{base}/missing", **options) == "status"
        assert fetch_json(f"{base}/ok", **options) == {"id": "fine"}


def test_a_6to4_address_wrapping_a_public_one_is_public():
    assert resolve("2002:808:808::1", 443, allow_private=False) == "2002:808:808::1"


@pytest.mark.parametrize("length, code", [("abc", "length"), ("2, 2", "length"), ("-1", "length"),
                                          ("9" * 5000, "too large"), ("1, 2", "unreachable")])  # (urllib3 refuses that one)
def test_a_content_length_that_is_not_one_plain_number_is_refused_not_an_error(length, code):
    with serving({"/odd": (200, [("Content-Type", "application/json"), ("Content-Length", length)], b"{}")}) as base:
        assert refusal(f"{base}/odd", allow_http=True, allow_private=True) == code


def test_a_content_length_that_is_not_a_number_is_said_on_the_verifier_not_a_500(client):
    from tests.verifier.test_foreign import post_form

    with serving({"/odd": (200, [("Content-Type", "application/json"), ("Content-Length", "2, 2")], b"{}")}) as base:
        answer = client.post("/verify.json", json={"url": f"{base}/odd"})
        page = post_form(client, {"url": f"{base}/odd"})
    assert answer.status_code == 200 and answer.json["checks"] == [{"name": "fetch", "ok": False, "reason": "length"}]
    assert page.status_code == 200 and "could not be downloaded" in page.get_data(as_text=True)


def test_the_connection_goes_to_the_address_resolved_once(monkeypatch):
    """DNS rebinding: the name answers an allowed address when checked, then a forbidden one; the request
    goes to the address checked (and the name is looked up once)."""
    checked, inside = {}, {}

    def app(store):
        def answer(environ, start_response):
            store["host"] = environ["HTTP_HOST"]
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b'{"where": "checked"}']
        return answer

    allowed = make_server("127.0.0.1", 0, app(checked))
    port = allowed.server_port
    forbidden = make_server("127.0.0.2", port, app(inside))  # the same port, on the address not allowed
    real_getaddrinfo, lookups = socket.getaddrinfo, []

    def rebinding(host, *args, **kwargs):
        if host != "rebind.test":
            return real_getaddrinfo(host, *args, **kwargs)
        lookups.append(host)
        return real_getaddrinfo("127.0.0.1" if len(lookups) == 1 else "127.0.0.2", *args, **kwargs)

    monkeypatch.setattr(outbound.socket, "getaddrinfo", rebinding)
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in (allowed, forbidden)]
    for thread in threads:
        thread.start()
    try:
        document = fetch_json(f"http://rebind.test:{port}/key.json", allow_http=True, allow_private={"127.0.0.1"})
    finally:
        for server in (allowed, forbidden):
            server.shutdown()
            server.server_close()
    assert document == {"where": "checked"} and checked == {"host": f"rebind.test:{port}"} and inside == {}
    assert lookups == ["rebind.test"]
