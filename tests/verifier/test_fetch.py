"""The verifier's fetcher refuses what could reach inside the network (SSRF) and what is not a small JSON answer."""

from __future__ import annotations

import pytest

from lms.core.outbound import FetchRefused, fetch_json
from tests.verifier.servers import serving


def refusal(url, **options) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch_json(url, **options)
    return caught.value.code


@pytest.mark.parametrize("url", ["https://10.0.0.1/key.json", "https://127.0.0.1/key.json", "https://[::1]/key.json",
                                 "https://169.254.169.254/latest/meta-data", "https://192.168.1.1/", "https://0.0.0.0/",
                                 "https://100.64.0.1/", "https://[::ffff:127.0.0.1]/", "https://localhost/key.json"])
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
