"""/verify.json is for machines: no CSRF token, no cookie read or set, and a limit per client address."""

from __future__ import annotations


def test_the_json_endpoint_needs_no_token_and_sets_no_cookie(client):
    answer = client.post("/verify.json", json={"credential": "not a badge"})
    assert answer.status_code == 200 and answer.json["ok"] is False and answer.json["checks"][0]["ok"] is False
    assert "Set-Cookie" not in answer.headers
    client.set_cookie("session", "forged")
    assert client.post("/verify.json", json={"credential": "not a badge"}).json == answer.json


def test_the_json_endpoint_is_limited_per_address(app, client):
    app.config["VERIFIER_LIMIT_PER_ADDRESS"] = "3 per minute"
    codes = [client.post("/verify.json", json={"credential": "x"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client.get("/verify").status_code == 200  # people's page is not limited by it


def test_the_json_endpoint_asks_for_a_json_object(client):
    for body in (b"[]", b"nope", b'{"credential": 5}', b'{"url": "https://example.org/", "email": 3}'):
        assert client.post("/verify.json", data=body, content_type="application/json").status_code == 400
