"""The account page's Connected wallets: each wallet that can still read the learner's records, what it
may read, and Disconnect, after which its tokens are refused. Nobody disconnects another's wallet."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.conftest import NOW, csrf_from
from tests.factories import make_learner_client
from tests.wallets.provider_flow import READ, bearer, connect, register

CREDENTIALS = "/ims/ob/v3p0/credentials"


def disconnect_form(html: str) -> str:
    match = re.search(r'<form method="post" action="(/account/wallets/\d+/disconnect)">', html)
    assert match, "no Disconnect button"
    return match.group(1)


def test_a_connected_wallet_is_listed_with_what_it_may_read(app, client, practice):
    _, learner = make_learner_client(app, "practice", now=NOW)
    assert "No wallet is connected." in learner.get("/account").get_data(as_text=True)
    connect(client, learner, register(client), scope=READ)
    html = learner.get("/account").get_data(as_text=True)
    assert "Connected wallets" in html and "<strong>Pocket Wallet</strong>" in html
    assert '<a href="https://wallet.example/" rel="noopener noreferrer">wallet.example</a>' in html
    assert "See your badges and certificates" in html and "See your name and your e-mail address" not in html
    assert "connected on 3 October 2017" in html and "No wallet is connected." not in html


def test_disconnect_makes_the_wallets_tokens_refused(app, client, practice):
    _, learner = make_learner_client(app, "practice", now=NOW)
    wallet = register(client)
    first, second = connect(client, learner, wallet), connect(client, learner, wallet)
    assert client.get(CREDENTIALS, headers=bearer(first["access_token"])).status_code == 200
    page = learner.get("/account").get_data(as_text=True)
    assert page.count("/disconnect") == 1  # one wallet, however many tokens it holds
    answer = learner.post(disconnect_form(page), data={"csrf_token": csrf_from(page)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/account#connected-wallets")
    after = learner.get("/account").get_data(as_text=True)
    assert "Pocket Wallet is disconnected: it can no longer read your badges or your profile." in after
    assert "No wallet is connected." in after
    for token in (first, second):
        assert client.get(CREDENTIALS, headers=bearer(token["access_token"])).status_code == 401
        refreshed = client.post("/oauth/token", data={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
                                headers=wallet.basic)
        assert refreshed.get_json()["error"] == "invalid_grant"
    # Pressed twice (a double click, or a second tab): still fine.
    assert learner.post(disconnect_form(page), data={"csrf_token": csrf_from(page)}).status_code == 302


def test_a_code_allowed_but_not_yet_exchanged_is_ended_too(app, client, practice):
    from tests.wallets.provider_flow import code_for, exchange

    _, learner = make_learner_client(app, "practice", now=NOW)
    wallet = register(client)
    connect(client, learner, wallet)
    code = code_for(learner, wallet)
    page = learner.get("/account").get_data(as_text=True)
    learner.post(disconnect_form(page), data={"csrf_token": csrf_from(page)})
    assert exchange(client, wallet, code).get_json()["error"] == "invalid_grant"


def test_another_learner_cannot_disconnect_someone_elses_wallet(app, client, practice):
    _, ada = make_learner_client(app, "practice", now=NOW, email="ada@school.example")
    _, grace = make_learner_client(app, "practice", now=NOW, email="grace@school.example")
    token = connect(client, ada, register(client))
    url = disconnect_form(ada.get("/account").get_data(as_text=True))
    grace_page = grace.get("/account").get_data(as_text=True)
    assert "Pocket Wallet" not in grace_page
    assert grace.post(url, data={"csrf_token": csrf_from(grace_page)}).status_code == 404
    assert grace.post("/account/wallets/999999/disconnect", data={"csrf_token": csrf_from(grace_page)}).status_code == 404
    assert grace.post("/account/wallets/99999999999999/disconnect", data={"csrf_token": csrf_from(grace_page)}).status_code == 404
    assert client.get(CREDENTIALS, headers=bearer(token["access_token"])).status_code == 200


def test_disconnect_needs_the_forms_token_and_a_log_in(app, client, practice):
    _, learner = make_learner_client(app, "practice", now=NOW)
    token = connect(client, learner, register(client))
    url = disconnect_form(learner.get("/account").get_data(as_text=True))
    assert learner.post(url).status_code == 400
    assert app.test_client().post(url).status_code in (302, 400)
    assert client.get(CREDENTIALS, headers=bearer(token["access_token"])).status_code == 200


def test_a_wallet_whose_access_has_run_out_is_no_longer_listed(app, client, practice):
    _, learner = make_learner_client(app, "practice", now=NOW)
    connect(client, learner, register(client), scope=READ)  # no refresh token: an hour, then nothing
    app.config["FIXED_NOW"] = NOW + timedelta(hours=2)
    assert "No wallet is connected." in learner.get("/account").get_data(as_text=True)
