"""Another issuer's credential: its key and revocation list are fetched from that issuer (here a real
HTTP server on loopback, which only the test settings allow); and bad input is refused, never a 500."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from badges.identity import hash_email
from badges.ob3 import credentials, jwt, keys, proofs
from tests.conftest import csrf_from
from tests.verifier.servers import serving

SEED = bytes(range(1, 33))


def post_form(client, data: dict, language: str = "en"):
    """The /verify form as a browser posts it (its CSRF token taken from the page), in ``language``."""
    headers = {"Accept-Language": language}
    token = csrf_from(client.get("/verify", headers=headers).get_data(as_text=True))
    return client.post("/verify", data={**data, "csrf_token": token}, headers=headers,
                       content_type="multipart/form-data")


def foreign(base: str, revoked: bool = False, valid_until=None):
    issuer, method, status = f"{base}/issuer", f"{base}/keys/1.json", f"{base}/status.json"
    identity, salt = hash_email("ada@example.org", "pepper")
    facts = credentials.CredentialFacts(
        credential_id=f"{base}/credentials/7",
        issuer={"id": issuer, "type": ["Profile"], "name": "Other School", "url": base + "/"},
        valid_from=datetime(2015, 1, 1, tzinfo=UTC), valid_until=valid_until, name="Chemistry",
        description="Finished chemistry.", image_url=None,
        achievement={"id": f"{base}/achievements/chem", "type": ["Achievement"], "achievementType": "Badge",
                     "name": "Chemistry", "description": "Knows chemistry.", "criteria": {"narrative": "Pass."}},
        recipient_identity=identity, salt=salt, status={"id": status, "type": "1EdTechRevocationList"})
    unsigned = credentials.build_credential(facts)
    signed = proofs.add_proof(unsigned, SEED, method, datetime(2024, 1, 1, tzinfo=UTC))
    routes = {
        "/keys/1.json": {"@context": "https://w3id.org/security/multikey/v1", "id": method, "type": "Multikey",
                         "controller": issuer, "publicKeyMultibase": keys.multikey(keys.public_key(SEED))},
        "/status.json": {"id": status, "revokedCredentials": [{"id": facts.credential_id, "revoked": True}] if revoked else []},
    }
    return signed, jwt.encode(unsigned, SEED, method), routes


def test_a_foreign_credential_verifies_with_its_key_and_list_fetched(client):
    routes = {}
    with serving(routes) as base:
        signed, token, served = foreign(base)
        routes.update(served)
        answer = client.post("/verify.json", json={"credential": signed, "email": "ada@example.org"}).json
        assert answer["ok"], answer
        assert answer["version"] == "3.0"
        assert {c["name"] for c in answer["checks"]} >= {"issuer key", "proof", "status", "validity", "schema", "recipient"}
        page = post_form(client, {"credential": token}).get_data(as_text=True)
        assert 'id="verdict-ok"' in page and "The signature is valid" in page


def test_a_foreign_revoked_credential_fails_on_the_page_with_the_reason(client):
    routes = {}
    with serving(routes) as base:
        signed, _, served = foreign(base, revoked=True)
        routes.update(served)
        page = post_form(client, {"credential": json.dumps(signed)})
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and 'id="verdict-failed"' in html
        verdict = html.split('id="verdict"')[1].split("</section>")[0]
        assert '<li class="check-failed" data-check="status">' in verdict and "The issuer has revoked this badge." in verdict


def test_bad_input_is_refused_and_never_a_500(client):
    for credential in ["\x00" * 100, "{" * 5000 + "}" * 5000, "x" * 10_000_000, "eyJhbGciOiJFZERTQSJ9.e30.AAAA",
                       json.dumps({"a": [[[[[]]]]] * 3}), "[1, 2]", "null",
                       json.dumps({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "recipient": {},
                                   "badge": 5, "verification": "x", "id": 7, "expires": "soon"}),
                       json.dumps({"type": "Assertion", "recipient": {"hashed": True, "identity": 3}, "badge": {"issuer": []}})]:
        answer = client.post("/verify.json", json={"credential": credential})
        assert answer.status_code == 200 and answer.json["ok"] is False
    assert client.post("/verify.json", data=b"\x00\xff", content_type="application/json").status_code == 400
    page = post_form(client, {"credential": "{" * 5000})
    assert page.status_code == 200 and 'id="verdict-failed"' in page.get_data(as_text=True)
    assert client.post("/verify", data={"credential": "{}"}).status_code == 400  # no CSRF token
    fake = post_form(client, {"image": (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100), "badge.png")})
    assert fake.status_code == 200 and 'id="verdict-failed"' in fake.get_data(as_text=True)


def test_an_expired_or_tampered_foreign_credential_fails_with_the_reason(client):
    routes = {}
    with serving(routes) as base:
        signed, _, served = foreign(base, valid_until=datetime(2016, 1, 1, tzinfo=UTC))
        routes.update(served)
        html = post_form(client, {"credential": json.dumps(signed)}).get_data(as_text=True)
        assert '<li class="check-failed" data-check="validity">' in html and "The badge has expired." in html
        signed, _, _ = foreign(base)
        html = post_form(client, {"credential": json.dumps({**signed, "name": "Nobel prize"})}).get_data(as_text=True)
        assert '<li class="check-failed" data-check="proof">' in html and "The signature does not match" in html
