"""A wallet finds the Open Badges 3.0 API in the discovery document and registers (RFC 7591): good
registrations get an id and a secret (kept only hashed), bad ones a clear RFC 7591 error, never a 500."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.wallets.models import WalletClient
from tests.wallets.provider_flow import EVERYTHING, OB, OFFLINE, PROFILE, READ, REDIRECT, metadata


def post(client, body, content_type="application/json"):
    return client.post("/oauth/register", data=body if isinstance(body, (bytes, str)) else json.dumps(body),
                       content_type=content_type)


def clients() -> int:
    return db.session.scalar(select(func.count()).select_from(WalletClient))


def test_the_discovery_document_names_every_endpoint_and_scope(client):
    answer = client.get("/ims/ob/v3p0/discovery", headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    document = answer.get_json()
    assert document["openapi"].startswith("3.0")
    assert document["servers"][0]["url"] == "http://localhost/ims/ob/v3p0"
    info = document["info"]
    assert info["title"] == "STEM Academy" and info["termsOfService"] and info["x-imssf-privacyPolicyUrl"]
    scheme = document["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["type"] == "oauth2" and scheme["x-imssf-privacyPolicyUrl"]
    assert scheme["x-imssf-registrationUrl"] == "http://localhost/oauth/register"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "http://localhost/oauth/authorize"
    assert flow["tokenUrl"] == flow["refreshUrl"] == "http://localhost/oauth/token"
    assert set(flow["scopes"]) == {READ, PROFILE, OFFLINE}  # read only: nothing can be written here
    assert set(document["paths"]) == {"/credentials", "/profile", "/discovery"}
    assert document["paths"]["/credentials"]["get"]["security"] == [{"OAuth2ACG": [READ]}]
    assert "Authorization" not in answer.request.headers  # unprotected


def test_the_discovery_document_names_the_sites_own_policy_pages_when_set(app, client):
    app.config.update(PRIVACY_POLICY_URL="https://school.example/privacy", TERMS_OF_SERVICE_URL="https://school.example/terms")
    document = client.get("/ims/ob/v3p0/discovery").get_json()
    assert document["info"]["x-imssf-privacyPolicyUrl"] == "https://school.example/privacy"
    assert document["components"]["securitySchemes"]["OAuth2ACG"]["x-imssf-termsOfServiceUrl"] == "https://school.example/terms"
    assert document["info"]["termsOfService"] == "https://school.example/terms"


def test_a_registration_gets_an_id_and_a_secret_and_its_metadata_back(client):
    answer = post(client, metadata(scope=f"{READ} {OB}credential.upsert {OFFLINE}", contacts=["help@wallet.example"]))
    assert answer.status_code == 201 and "no-store" in answer.headers["Cache-Control"]
    body = answer.get_json()
    assert body["client_id"] and len(body["client_secret"]) >= 40
    assert body["client_id_issued_at"] == 1507024800 and body["client_secret_expires_at"] == 0
    assert body["client_name"] == "Pocket Wallet" and body["redirect_uris"] == [REDIRECT]
    assert body["contacts"] == ["help@wallet.example"] and body["software_id"] == "pocket-wallet"
    assert body["token_endpoint_auth_method"] == "client_secret_basic"
    assert body["scope"] == f"{READ} {OFFLINE}"  # what it may have here; upsert is not offered
    row = db.session.scalar(select(WalletClient))
    assert row.client_secret_hash == hashlib.sha256(body["client_secret"].encode()).hexdigest()
    assert body["client_secret"] not in json.dumps([row.client_secret_hash, row.name, row.redirect_uris])


def test_a_registration_without_scope_gets_every_scope_offered(client):
    assert post(client, metadata(scope=None)).get_json()["scope"] == EVERYTHING


def test_a_registration_without_redirect_uris_is_refused(client):
    answer = post(client, metadata(redirect_uris=None))
    assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_redirect_uri"
    assert "redirect_uris" in answer.get_json()["error_description"]
    for bad in ([], "https://wallet.example/callback", ["https://elsewhere.example/callback"], ["ftp://wallet.example/x"],
                ["http://wallet.example/callback"], ["https://wallet.example/cb#fragment"], [42]):
        assert post(client, metadata(redirect_uris=bad)).get_json()["error"] == "invalid_redirect_uri", bad
    assert clients() == 0


def test_a_body_that_is_not_a_json_object_is_refused_with_a_reason(client):
    for body in (b"{not json", b"[1, 2]", b"", b"\xff\xfe\x00", b"null", b"[" * 50000, "{}"):
        answer = post(client, body)
        assert answer.status_code == 400, body[:20]
        assert answer.get_json()["error"] in ("invalid_client_metadata", "invalid_redirect_uri")
    assert post(client, metadata(), content_type="text/plain").status_code == 201  # the body is what counts


def test_nul_bytes_and_control_characters_are_refused_in_every_field(client):
    for name in ("client_name", "software_id", "software_version", "scope"):
        answer = post(client, metadata(**{name: "Pocket\x00Wallet"}))
        assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_client_metadata", name
        assert name in answer.get_json()["error_description"]
    for name in ("client_uri", "logo_uri", "tos_uri", "policy_uri"):
        assert post(client, metadata(**{name: "https://wallet.example/\x00"})).status_code == 400, name
    assert post(client, metadata(redirect_uris=["https://wallet.example/\x00cb"])).status_code == 400
    assert post(client, metadata(contacts=["a\x00b"])).status_code == 400
    assert clients() == 0


def test_huge_fields_and_huge_bodies_are_refused(client):
    assert post(client, metadata(client_name="W" * 201)).get_json()["error"] == "invalid_client_metadata"
    assert post(client, metadata(software_version="1" * 51)).status_code == 400
    assert post(client, metadata(client_uri="https://wallet.example/" + "a" * 3000)).status_code == 400
    assert post(client, metadata(redirect_uris=[f"{REDIRECT}{n}" for n in range(11)])).status_code == 400
    answer = post(client, metadata(padding="x" * 70_000))
    assert answer.status_code == 400 and "64 KB" in answer.get_json()["error_description"]
    declared = client.post("/oauth/register", data=b"{" + b" " * (13 * 1024 * 1024) + b"}", content_type="application/json")
    assert declared.status_code == 400 and declared.get_json()["error"] == "invalid_client_metadata"  # not read at all
    assert clients() == 0


def test_what_this_provider_does_not_speak_is_refused(client):
    for changes in ({"token_endpoint_auth_method": "client_secret_post"}, {"grant_types": ["implicit"]},
                    {"response_types": ["token"]}, {"client_name": ""}, {"client_name": 7},
                    {"logo_uri": "https://cdn.elsewhere.example/logo.png"}, {"client_uri": "wallet.example"},
                    {"scope": f"{OB}credential.upsert"}):
        answer = post(client, metadata(**changes))
        assert answer.status_code == 400 and answer.get_json()["error"] == "invalid_client_metadata", changes
    assert clients() == 0


def test_a_wallet_on_loopback_may_use_http_as_wallets_under_test_do(client):
    local = "http://127.0.0.1:8765"
    answer = post(client, metadata(client_uri=f"{local}/", logo_uri=None, tos_uri=None, policy_uri=None,
                                   redirect_uris=[f"{local}/callback"]))
    assert answer.status_code == 201


def test_registrations_are_limited_per_address(app, client):
    app.config["WALLET_REGISTER_LIMIT_PER_ADDRESS"] = "2 per minute"
    assert [post(client, metadata()).status_code for _ in range(3)] == [201, 201, 429]
    refused = post(client, metadata())
    assert refused.get_json()["error"] == "too_many_requests" and refused.headers["Retry-After"]
    assert clients() == 2
