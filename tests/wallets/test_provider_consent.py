"""The learner's consent: logged in, they see which wallet asks and what it could read, in words; Deny
sends error=access_denied back, Allow a code (with the granted scope and the wallet's state). Requests
that cannot be trusted with a redirect are explained to the learner instead."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.wallets.models import WalletGrant
from tests.conftest import NOW, csrf_from
from tests.factories import PASSWORD, make_learner_client, make_user
from tests.wallets.provider_flow import (
    EVERYTHING, OB, PROFILE, READ, connect, decide, redirect_query, register,
)


def grants() -> int:
    return db.session.scalar(select(func.count()).select_from(WalletGrant))


def test_the_consent_page_asks_to_log_in_first_and_comes_back(app, client, practice):
    wallet = register(client)
    user = make_user(email="ada@school.example", now=NOW)
    url = wallet.authorize_url()
    answer = client.get(url)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    next_page = urlsplit(parse_qs(urlsplit(answer.headers["Location"]).query)["next"][0])
    assert next_page.path == "/oauth/authorize" and parse_qs(next_page.query) == parse_qs(urlsplit(url).query)
    login = client.get(answer.headers["Location"])
    back = client.post(answer.headers["Location"], data={"email": user.email, "password": PASSWORD,
                                                         "csrf_token": csrf_from(login.get_data(as_text=True))})
    assert back.status_code == 302
    assert "Pocket Wallet" in client.get(back.headers["Location"]).get_data(as_text=True)


def test_the_page_says_who_asks_and_what_it_could_read_in_words(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW, email="ada@school.example")
    answer = learner.get(wallet.authorize_url())
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"]
    assert "<strong>Pocket Wallet</strong>, a wallet at wallet.example, asks to connect to your account." in html
    assert "See your badges and certificates" in html and "See your name and your e-mail address." in html
    assert "Keep this access until you disconnect the wallet" in html
    assert 'href="https://wallet.example/terms"' in html and 'href="https://wallet.example/privacy"' in html
    assert "ada@school.example" in html and READ not in html  # words, not scope URLs
    # Allow and Deny redirect to the wallet: the page's form-action lets them.
    assert "form-action 'self' https://wallet.example;" in answer.headers["Content-Security-Policy"]
    narrow = learner.get(wallet.authorize_url(scope=READ)).get_data(as_text=True)
    assert "See your badges" in narrow and "e-mail address" not in narrow and "Keep this access" not in narrow


def test_the_wallets_own_words_are_shown_as_text(app, client, practice):
    wallet = register(client, client_name='<script>alert("x")</script> Wallet')
    _, learner = make_learner_client(app, "practice", now=NOW)
    html = learner.get(wallet.authorize_url()).get_data(as_text=True)
    assert "&lt;script&gt;" in html and '<script>alert("x")' not in html


def test_deny_sends_access_denied_and_the_state_back(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    query = redirect_query(decide(learner, wallet.authorize_url(state="s-123"), "deny"))
    assert query["error"] == "access_denied" and query["state"] == "s-123" and "code" not in query
    assert grants() == 0


def test_allow_sends_a_code_with_the_granted_scope_and_the_state(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    asked = f"{READ} {OB}credential.upsert"  # upsert is not offered: the answer says what was granted
    query = redirect_query(decide(learner, wallet.authorize_url(scope=asked, state="s-9")))
    assert query["state"] == "s-9" and query["scope"] == READ and len(query["code"]) >= 40
    grant = db.session.scalar(select(WalletGrant))
    assert grant.code_hash != query["code"] and grant.scope == READ and grant.code_challenge_method == "S256"


def test_allow_twice_for_one_request_keeps_one_code(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    url = wallet.authorize_url()
    token = csrf_from(learner.get(url).get_data(as_text=True))
    first, second = (learner.post(url, data={"csrf_token": token, "decision": "allow"}) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert grants() == 1


def test_pkce_s256_is_required(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    connect(client, learner, wallet)  # a wallet this learner let in is sent its errors straight away
    for changes in ({"code_challenge": None, "code_challenge_method": None}, {"code_challenge_method": "plain"},
                    {"code_challenge_method": None}, {"code_challenge": "short"}):
        query = redirect_query(learner.get(wallet.authorize_url(**changes)))
        assert query["error"] == "invalid_request" and query["state"] == "xyz-state", changes
    assert "state" in redirect_query(learner.get(wallet.authorize_url(state=None)))["error_description"]
    assert redirect_query(learner.get(wallet.authorize_url(scope=f"{OB}profile.update")))["error"] == "invalid_scope"
    assert redirect_query(learner.get(wallet.authorize_url(response_type="token")))["error"] == "unsupported_response_type"
    assert grants() == 1  # the one exchanged, no other


def test_a_request_that_cannot_be_answered_to_the_wallet_is_explained_here(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    for url in (wallet.authorize_url(client_id="nobody"), wallet.authorize_url(redirect_uri="https://evil.example/cb"),
                wallet.authorize_url(redirect_uri=None), wallet.authorize_url(client_id="\x00" * 3),
                wallet.authorize_url(client_id="x" * 5000), "/oauth/authorize"):
        answer = learner.get(url)
        assert answer.status_code == 400 and "Location" not in answer.headers, url
        assert "This request from a wallet cannot be accepted" in answer.get_data(as_text=True)


def test_a_post_without_a_decision_shows_the_page_again_and_without_its_token_is_refused(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    url = wallet.authorize_url()
    token = csrf_from(learner.get(url).get_data(as_text=True))
    again = learner.post(url, data={"csrf_token": token, "decision": "maybe"})
    assert again.status_code == 400 and "Pocket Wallet" in again.get_data(as_text=True)
    assert learner.post(url, data={"decision": "allow"}).status_code == 400
    assert grants() == 0


def test_a_registered_wallet_that_later_asks_for_scopes_it_did_not_register_gets_what_it_registered(app, client, practice):
    wallet = register(client, scope=READ)
    _, learner = make_learner_client(app, "practice", now=NOW)
    query = redirect_query(decide(learner, wallet.authorize_url(scope=EVERYTHING)))
    assert query["scope"] == READ
    assert redirect_query(learner.get(wallet.authorize_url(scope=PROFILE)))["error"] == "invalid_scope"

