"""Authorisation requests in error. Anyone may register a wallet, with any redirect_uri: until a learner
has let that wallet in, its errors are said on this site's page, with a link back the learner may follow,
never an automatic redirect (RFC 9700 4.11.2: no open redirector). Parameters no authorisation request
has (non-ASCII, quotes Authlib cannot put in an error, NUL bytes, 100 KB) are explained here, never a 500."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.wallets.models import WalletGrant
from tests.conftest import NOW, csrf_from
from tests.factories import PASSWORD, make_learner_client, make_user
from tests.wallets.provider_flow import OB, connect, decide, redirect_query, register

PHISH = "https://evil.example/phish"
WRONG_SCOPE = f"{OB}profile.update"


def phishing_wallet(client):
    return register(client, client_name="Your School Wallet", client_uri="https://evil.example/",
                    logo_uri=None, tos_uri=None, policy_uri=None, redirect_uris=[PHISH])


def return_link(html: str) -> str:
    start = html.index('id="return-to-wallet" href="') + len('id="return-to-wallet" href="')
    return unescape(html[start:html.index('"', start)])


def assert_explained_with_a_link_back(answer, host: str, error: str, state: str = "xyz-state") -> None:
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Location" not in answer.headers and "no-store" in answer.headers["Cache-Control"]
    assert f"a wallet at {host}, sent a request this site cannot accept. Nothing was shared." in html
    assert f"Return to {host}</a>" in html
    link = urlsplit(return_link(html))
    assert f"{link.scheme}://{link.netloc}" == f"https://{host}"
    assert parse_qs(link.query)["error"] == [error] and parse_qs(link.query)["state"] == [state]


def test_a_wallet_never_let_in_cannot_send_the_learner_to_its_site_with_an_error(app, client, practice):
    wallet = phishing_wallet(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    answer = learner.get(wallet.authorize_url(redirect_uri=PHISH, scope=WRONG_SCOPE))
    assert_explained_with_a_link_back(answer, "evil.example", "invalid_scope")
    assert "It asked for permissions this site does not give." in answer.get_data(as_text=True)
    for changes in ({"response_type": "token"}, {"code_challenge": None}, {"state": None}):
        html = learner.get(wallet.authorize_url(redirect_uri=PHISH, **changes)).get_data(as_text=True)
        assert "Return to evil.example" in html and "Its request is incomplete" in html, changes


def test_nor_right_after_the_learner_logs_in(app, client, practice):
    wallet = phishing_wallet(client)
    user = make_user(email="ada@school.example", now=NOW)
    login = client.get(wallet.authorize_url(redirect_uri=PHISH, scope=WRONG_SCOPE))
    page = client.get(login.headers["Location"])
    back = client.post(login.headers["Location"], data={"email": user.email, "password": PASSWORD,
                                                        "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert_explained_with_a_link_back(client.get(back.headers["Location"]), "evil.example", "invalid_scope")


def test_nor_by_a_posted_allow(app, client, practice):
    wallet = phishing_wallet(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    token = csrf_from(learner.get(wallet.authorize_url(redirect_uri=PHISH)).get_data(as_text=True))
    answer = learner.post(wallet.authorize_url(redirect_uri=PHISH, scope=WRONG_SCOPE),
                          data={"csrf_token": token, "decision": "allow"})
    assert_explained_with_a_link_back(answer, "evil.example", "invalid_scope")
    assert db.session.scalar(select(func.count()).select_from(WalletGrant)) == 0


def test_deny_still_sends_the_learner_back_as_they_asked(app, client, practice):
    wallet = phishing_wallet(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    answer = decide(learner, wallet.authorize_url(redirect_uri=PHISH), "deny")
    assert answer.status_code == 302 and answer.headers["Location"].startswith(PHISH + "?error=access_denied")


def test_a_wallet_the_learner_let_in_gets_its_errors_until_it_is_disconnected(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    connect(client, learner, wallet)
    assert redirect_query(learner.get(wallet.authorize_url(scope=WRONG_SCOPE)))["error"] == "invalid_scope"
    account = learner.get("/account").get_data(as_text=True)
    wallet_id = db.session.scalar(select(WalletGrant.client_id))
    assert learner.post(f"/account/wallets/{wallet_id}/disconnect", data={"csrf_token": csrf_from(account)}).status_code == 302
    assert_explained_with_a_link_back(learner.get(wallet.authorize_url(scope=WRONG_SCOPE)), "wallet.example",
                                      "invalid_scope")


def test_another_learners_consent_does_not_count(app, client, practice):
    wallet = register(client)
    _, ada = make_learner_client(app, "practice", now=NOW, email="ada@school.example")
    _, bob = make_learner_client(app, "practice", now=NOW, email="bob@school.example")
    connect(client, ada, wallet)
    assert_explained_with_a_link_back(bob.get(wallet.authorize_url(scope=WRONG_SCOPE)), "wallet.example",
                                      "invalid_scope")


ODD = {"redirect_uri": ["https://wallet.example/café", 'https://wallet.example/cb"', "https://wallet.example/cb\\",
                        "https://wallet.example/\x00", "https://wallet.example/" + "x" * 100_000],
       "response_type": ["codé", 'co"de', "code\x00"],
       "state": ["é", "a\x00b", "s" * 100_000],
       "scope": ["\x00", "é"],
       "code_challenge": ["\x00" * 43]}


def test_odd_characters_and_huge_values_are_explained_here_not_a_500(app, client, practice):
    wallet = register(client)
    _, learner = make_learner_client(app, "practice", now=NOW)
    connect(client, learner, wallet)  # even a wallet the learner let in is sent nothing for these
    token = csrf_from(learner.get(wallet.authorize_url()).get_data(as_text=True))
    for name, values in ODD.items():
        for value in values:
            url = wallet.authorize_url(**{name: value})
            for answer in (learner.get(url), learner.post(url, data={"csrf_token": token, "decision": "allow"})):
                assert answer.status_code == 400 and "Location" not in answer.headers, (name, value[:40])
                assert "This request from a wallet cannot be accepted" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(WalletGrant)) == 1  # the first connection's only
