"""The token endpoint: a code becomes tokens once, with the PKCE verifier and the wallet's own Basic
credentials; refresh tokens rotate; revocation (RFC 7009) ends a grant. Tokens are kept hashed."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.wallets.models import WalletToken
from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.wallets.provider_flow import (
    OFFLINE, PROFILE, READ, bearer, code_for, connect, decide, exchange, redirect_query, register,
)


def profile_status(client, token: str) -> int:
    return client.get("/ims/ob/v3p0/profile", headers=bearer(token)).status_code


def refresh(client, wallet, refresh_token: str, **changes):
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token, **changes}
    return client.post("/oauth/token", data=form, headers=wallet.basic)


def test_a_code_and_its_verifier_give_tokens_for_the_granted_scope(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    answer = exchange(client, wallet, code_for(learner, wallet))
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    token = answer.get_json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    assert token["scope"] == f"{READ} {PROFILE} {OFFLINE}" and token["refresh_token"]
    row = db.session.scalar(select(WalletToken))
    assert row.access_token_hash == hashlib.sha256(token["access_token"].encode()).hexdigest()
    assert row.refresh_token_hash == hashlib.sha256(token["refresh_token"].encode()).hexdigest()
    assert profile_status(client, token["access_token"]) == 200


def test_without_offline_access_there_is_no_refresh_token(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    token = connect(client, learner, wallet, scope=READ)
    assert token["scope"] == READ and "refresh_token" not in token


def test_the_verifier_is_required_and_checked(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    code = code_for(learner, wallet)
    wrong = exchange(client, wallet, code, verifier="W" * 50)
    assert wrong.status_code == 400 and wrong.get_json()["error"] == "invalid_grant"
    assert exchange(client, wallet, code, verifier=None).get_json()["error"] == "invalid_request"
    assert exchange(client, wallet, code, verifier="short").get_json()["error"] == "invalid_request"
    assert db.session.scalar(select(WalletToken)) is None
    assert exchange(client, wallet, code).status_code == 200  # a refused verifier does not spend the code


def test_a_code_is_used_once_and_a_second_use_revokes_what_it_gave(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    code = code_for(learner, wallet)
    first = exchange(client, wallet, code)
    assert first.status_code == 200
    again = exchange(client, wallet, code)
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_grant"
    assert profile_status(client, first.get_json()["access_token"]) == 401


def test_a_code_is_bound_to_its_wallet_redirect_uri_and_lifetime(app, client, practice):
    wallet, other = register(client), register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    code = code_for(learner, wallet)
    other.verifier = wallet.verifier
    assert exchange(client, other, code).get_json()["error"] == "invalid_grant"
    assert exchange(client, wallet, code, redirect_uri="https://wallet.example/other").get_json()["error"] == "invalid_grant"
    app.config["FIXED_NOW"] = NOW + timedelta(minutes=11)
    assert exchange(client, wallet, code).get_json()["error"] == "invalid_grant"


def test_the_wallet_authenticates_with_basic_only(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    code = code_for(learner, wallet)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": "https://wallet.example/callback",
            "code_verifier": wallet.verifier}
    posted = client.post("/oauth/token", data={**form, "client_id": wallet.client_id, "client_secret": wallet.client_secret})
    assert posted.status_code in (400, 401) and posted.get_json()["error"] == "invalid_client"
    wrong = base64.b64encode(f"{wallet.client_id}:not-the-secret".encode()).decode()
    refused = client.post("/oauth/token", data=form, headers={"Authorization": f"Basic {wrong}"})
    assert refused.status_code == 401 and refused.get_json()["error"] == "invalid_client"
    assert refused.headers["WWW-Authenticate"].startswith("Basic ")
    for header in ("Basic %%%", "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(), "Basic " + base64.b64encode(
            b"\x00id:secret").decode(), "Bearer abc"):
        assert client.post("/oauth/token", data=form, headers={"Authorization": header}).get_json()["error"] == \
            "invalid_client", header
    assert exchange(client, wallet, code).status_code == 200


def test_odd_token_requests_get_oauth_errors_not_500s(app, client, practice):
    wallet = register(client)
    for form in ({}, {"grant_type": "password"}, {"grant_type": "authorization_code"},
                 {"grant_type": "authorization_code", "code": "\x00" * 10},
                 {"grant_type": "refresh_token", "refresh_token": "x" * 100_000}, {"grant_type": "\x00"}):
        answer = client.post("/oauth/token", data=form, headers=wallet.basic)
        assert answer.status_code == 400 and answer.is_json and answer.get_json()["error"], form
    assert client.get("/oauth/token").status_code == 405


def test_refresh_tokens_rotate_and_may_narrow_the_scope(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    first = connect(client, learner, wallet)
    second = refresh(client, wallet, first["refresh_token"])
    assert second.status_code == 200
    renewed = second.get_json()
    assert renewed["refresh_token"] != first["refresh_token"] and renewed["scope"] == first["scope"]
    assert profile_status(client, first["access_token"]) == 401 and profile_status(client, renewed["access_token"]) == 200
    narrower = refresh(client, wallet, renewed["refresh_token"], scope=f"{READ} {OFFLINE}").get_json()
    assert narrower["scope"] == f"{READ} {OFFLINE}" and profile_status(client, narrower["access_token"]) == 403
    wider = refresh(client, wallet, narrower["refresh_token"], scope=f"{READ} {PROFILE} {OFFLINE}")
    assert wider.get_json()["error"] == "invalid_scope"
    other = register(client)
    assert refresh(client, other, narrower["refresh_token"]).get_json()["error"] == "invalid_grant"


def test_a_rotated_refresh_token_presented_again_ends_what_the_wallet_holds_for_the_learner(app, client, practice):
    wallet, other = register(client), register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    first = connect(client, learner, wallet)
    renewed = refresh(client, wallet, first["refresh_token"]).get_json()
    # Another wallet presenting it is refused, and ends nothing: the token is not its own.
    assert refresh(client, other, first["refresh_token"]).get_json()["error"] == "invalid_grant"
    assert profile_status(client, renewed["access_token"]) == 200
    # The wallet (or whoever copied the token) presents it again: one of the two holds a stolen token.
    assert refresh(client, wallet, first["refresh_token"]).get_json()["error"] == "invalid_grant"
    assert profile_status(client, renewed["access_token"]) == 401
    assert refresh(client, wallet, renewed["refresh_token"]).get_json()["error"] == "invalid_grant"
    assert "No wallet is connected." in learner.get("/account").get_data(as_text=True)


def test_a_refresh_token_unused_for_half_a_year_has_expired(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    token = connect(client, learner, wallet)
    app.config["FIXED_NOW"] = NOW + timedelta(days=181)
    assert refresh(client, wallet, token["refresh_token"]).get_json()["error"] == "invalid_grant"


def test_revocation_ends_the_grant_and_answers_200_for_unknown_tokens(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    token = connect(client, learner, wallet)
    answer = client.post("/oauth/revoke", data={"token": token["refresh_token"], "token_type_hint": "refresh_token"},
                         headers=wallet.basic)
    assert answer.status_code == 200
    assert profile_status(client, token["access_token"]) == 401
    assert refresh(client, wallet, token["refresh_token"]).get_json()["error"] == "invalid_grant"
    assert client.post("/oauth/revoke", data={"token": "nothing-we-issued"}, headers=wallet.basic).status_code == 200
    odd = client.post("/oauth/revoke", data={"token": "x", "token_type_hint": "id_token"}, headers=wallet.basic)
    assert odd.status_code == 400 and odd.get_json()["error"] == "unsupported_token_type", odd.get_json()
    assert client.post("/oauth/revoke", data={"token": "x"}).status_code == 401  # the wallet must say who it is


def test_another_wallet_cannot_revoke_a_token_it_does_not_hold(app, client, practice):
    wallet, other = register(client), register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    token = connect(client, learner, wallet)
    assert client.post("/oauth/revoke", data={"token": token["access_token"]}, headers=other.basic).status_code == 400
    assert profile_status(client, token["access_token"]) == 200


def test_a_denied_request_leaves_nothing_to_exchange(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    assert "code" not in redirect_query(decide(learner, wallet.authorize_url(), "deny"))
    assert db.session.scalar(select(WalletToken)) is None


def test_token_requests_are_limited_per_address(app, client, practice):
    wallet = register(client)
    app.config["WALLET_TOKEN_LIMIT_PER_ADDRESS"] = "2 per minute"
    statuses = [client.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": "x"},
                            headers=wallet.basic).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
