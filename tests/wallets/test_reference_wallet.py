"""The reference wallet itself keeps the rules it checks the platform by: a test double that let anything
through would prove nothing. Driven over HTTP as a platform would drive it, with a hand-made client."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.wallets.reference_wallet import spec

CALLBACK = "https://platform.example/my/wallet/callback"


def challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def register(wallet, **changes) -> dict:
    metadata = {"client_name": "Tester", "client_uri": "https://platform.example/", "logo_uri":
                "https://platform.example/logo.png", "tos_uri": "https://platform.example/terms",
                "policy_uri": "https://platform.example/privacy", "software_id": "t", "software_version": "1",
                "redirect_uris": [CALLBACK], "grant_types": ["authorization_code", "refresh_token"],
                "response_types": ["code"], "token_endpoint_auth_method": "client_secret_basic",
                "scope": f"{spec.CREDENTIAL_UPSERT} {spec.OFFLINE_ACCESS}", **changes}
    return requests.post(wallet.url + "/register", json=metadata, timeout=30)


def code_for(wallet, client: dict, verifier: str) -> str:
    wallet.consent("allow")
    answer = requests.get(wallet.url + "/authorize", allow_redirects=False, timeout=30, params={
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": CALLBACK, "state": "s1",
        "scope": spec.CREDENTIAL_UPSERT, "code_challenge": challenge(verifier), "code_challenge_method": "S256"})
    back = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert back["state"] == ["s1"] and back["scope"] == [spec.CREDENTIAL_UPSERT]
    return back["code"][0]


def token(wallet, client: dict, auth: bool = True, **fields) -> requests.Response:
    return requests.post(wallet.url + "/token", data=fields, timeout=30,
                         auth=(client["client_id"], client["client_secret"]) if auth else None)


@pytest.fixture
def client(reference_wallet):
    answer = register(reference_wallet)
    assert answer.status_code == 201 and answer.json()["client_secret_expires_at"] == 0
    return answer.json()


def test_a_code_needs_basic_auth_the_right_verifier_and_works_once(reference_wallet, client):
    verifier = secrets.token_urlsafe(48)
    exchange = {"grant_type": "authorization_code", "redirect_uri": CALLBACK, "scope": spec.CREDENTIAL_UPSERT}
    code = code_for(reference_wallet, client, verifier)
    assert token(reference_wallet, client, auth=False, code=code, code_verifier=verifier, **exchange).status_code == 401
    assert token(reference_wallet, client, code=code, code_verifier=secrets.token_urlsafe(48),
                 **exchange).json()["error"] == "invalid_grant"
    code = code_for(reference_wallet, client, verifier)
    issued = token(reference_wallet, client, code=code, code_verifier=verifier, **exchange)
    assert issued.status_code == 200 and issued.headers["Cache-Control"] == "no-store"
    access = issued.json()["access_token"]
    again = token(reference_wallet, client, code=code, code_verifier=verifier, **exchange)
    assert again.json()["error"] == "invalid_grant"
    upsert = requests.post(reference_wallet.url + "/ims/ob/v3p0/credentials", json={"type": "x"}, timeout=30,
                           headers={"Authorization": f"Bearer {access}"})
    assert upsert.status_code == 401 and "invalid_token" in upsert.headers["WWW-Authenticate"]  # replay revoked it


def test_an_unregistered_redirect_uri_is_never_redirected_to(reference_wallet, client):
    answer = requests.get(reference_wallet.url + "/authorize", allow_redirects=False, timeout=30, params={
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": "https://evil.example/cb",
        "state": "s", "code_challenge": challenge("x" * 43), "code_challenge_method": "S256"})
    assert answer.status_code == 400 and "Location" not in answer.headers


def test_a_request_without_pkce_is_refused_and_noted(reference_wallet, client):
    answer = requests.get(reference_wallet.url + "/authorize", allow_redirects=False, timeout=30, params={
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": CALLBACK, "state": "s",
        "scope": spec.CREDENTIAL_UPSERT})
    assert parse_qs(urlsplit(answer.headers["Location"]).query)["error"] == ["invalid_request"]
    assert [finding["spec"] for finding in reference_wallet.findings()] == [spec.PKCE]


def test_registration_without_the_required_properties_is_noted_and_other_auth_methods_refused(reference_wallet):
    assert register(reference_wallet, token_endpoint_auth_method="client_secret_post").status_code == 400
    reference_wallet.reset()
    assert register(reference_wallet, logo_uri=None, software_id=None).status_code == 201
    noted = reference_wallet.findings()
    assert {f["detail"] for f in noted} == {"the request has no logo_uri", "the request has no software_id"}
    assert {f["spec"] for f in noted} == {spec.REGISTRATION_REQUIRED}


def test_a_token_without_the_upsert_scope_cannot_add_a_credential(reference_wallet):
    client = register(reference_wallet, scope=spec.OFFLINE_ACCESS).json()
    reference_wallet.consent("allow")
    verifier = secrets.token_urlsafe(48)
    answer = requests.get(reference_wallet.url + "/authorize", allow_redirects=False, timeout=30, params={
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": CALLBACK, "state": "s",
        "scope": spec.OFFLINE_ACCESS, "code_challenge": challenge(verifier), "code_challenge_method": "S256"})
    code = parse_qs(urlsplit(answer.headers["Location"]).query)["code"][0]
    access = token(reference_wallet, client, grant_type="authorization_code", code=code, redirect_uri=CALLBACK,
                   scope=spec.OFFLINE_ACCESS, code_verifier=verifier).json()["access_token"]
    upsert = requests.post(reference_wallet.url + "/ims/ob/v3p0/credentials", json={}, timeout=30,
                           headers={"Authorization": f"Bearer {access}"})
    assert upsert.status_code == 403 and "insufficient_scope" in upsert.headers["WWW-Authenticate"]
