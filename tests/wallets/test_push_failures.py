"""Send to my wallet when something goes wrong: each failure is said in plain words, on the form (nothing
kept, the address left to correct) or on My badges (the push kept as failed, with its reason); never a 500,
never a credential sent where it should not go."""

from __future__ import annotations

import html
import json

import pytest
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from lms.awards import services as awards
from lms.core.extensions import db
from lms.wallets.models import WalletProvider, WalletPush
from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.wallets.push_stand_in import consent, discovery_document, query_of, wallet
from tests.wallets.test_push import holder, send, send_form


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def pushes() -> int:
    return db.session.scalar(select(func.count()).select_from(WalletPush))


def refused_on_the_form(response, words: str) -> None:
    page = text(response)
    assert response.status_code == 400, page
    assert words in page.split('id="wallet-error"')[1].split("</p>")[0]
    assert pushes() == 0


@pytest.mark.parametrize("discovery, words", [
    (Response("no", 404), "No Open Badges 3.0 wallet answers at that address"),
    (Response("<html>a shop</html>", 200, content_type="text/html"), "No Open Badges 3.0 wallet answers"),
    (Response("{not json", 200, content_type="application/json"), "No Open Badges 3.0 wallet answers"),
    (Response('{"openapi": "3.0.1", "info": {"title": "Half"}}', 200, content_type="application/json"),
     "does not say how to connect to it"),
    (Response('["a list"]', 200, content_type="application/json"), "No Open Badges 3.0 wallet answers"),
])
def test_a_missing_or_unreadable_discovery_document_is_said_on_the_form(app, practice, discovery, words):
    client, assertion = holder(app)
    with wallet(discovery=discovery) as stand_in:
        response = send(client, assertion.uid, stand_in.url)
    refused_on_the_form(response, words)
    assert stand_in.registrations == [] and f'value="{stand_in.url}"' in response.get_data(as_text=True)


def test_a_wallet_that_takes_no_credentials_is_not_registered_with(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        readonly = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly"
        stand_in.discovery = Response(json.dumps(discovery_document(stand_in.url, scopes=(readonly,))),
                                      200, content_type="application/json")
        response = send(client, assertion.uid, stand_in.url)
    refused_on_the_form(response, "does not accept badges sent to it")
    assert stand_in.registrations == []


@pytest.mark.parametrize("answer", [
    Response('{"error": "invalid_client_metadata"}', 400, content_type="application/json"),
    Response("oops", 500), Response('{"client_name": "no id"}', 201, content_type="application/json"),
])
def test_a_refused_registration_keeps_nothing(app, practice, answer):
    client, assertion = holder(app)
    with wallet(registration=answer) as stand_in:
        response = send(client, assertion.uid, stand_in.url)
    refused_on_the_form(response, "Your wallet refused to register this site")
    assert db.session.scalar(select(func.count()).select_from(WalletProvider)) == 0


def test_a_wallet_on_a_private_address_is_refused_in_production(app, practice):
    app.config["OUTBOUND_ALLOW_PRIVATE"] = False
    client, assertion = holder(app)
    with wallet() as stand_in:
        response = send(client, assertion.uid, stand_in.url)
    refused_on_the_form(response, "inside a private network")
    assert stand_in.requests == []  # not even the discovery document was asked for


def test_a_wallet_that_does_not_answer_is_said_on_the_form_then_on_my_badges(app, practice):
    client, assertion = holder(app)
    with wallet() as gone:
        pass  # served, then shut: its port now refuses connections
    refused_on_the_form(send(client, assertion.uid, gone.url), "could not be reached")
    with wallet() as stand_in:
        callback = consent(send(client, assertion.uid, stand_in.url).location)
    back = client.get(callback, follow_redirects=True)  # the wallet went down while the learner was there
    assert "was not sent to your wallet (Stand-in Wallet): Your wallet's site could not be reached" in text(back)
    assert db.session.scalar(select(WalletPush.failure)) == "wallet_unreachable"


def test_a_wallet_on_plain_http_is_refused_in_production(app, practice):
    app.config["OUTBOUND_ALLOW_HTTP"] = False
    client, assertion = holder(app)
    with wallet() as stand_in:
        response = send(client, assertion.uid, stand_in.url)
    refused_on_the_form(response, "must start with https://")
    assert stand_in.requests == []


@pytest.mark.parametrize("address", ["http://[::1", "https://", "ftp://wallet.example.org", "https://user:pw@wallet.example.org",
                                     "http://wallet.example.org:99999/"])
def test_an_address_that_is_not_a_wallet_address_is_said(app, practice, address):
    client, assertion = holder(app)
    response = send(client, assertion.uid, address)
    assert response.status_code == 400 and 'id="wallet-error"' in response.get_data(as_text=True)
    assert pushes() == 0


def test_odd_form_input_is_a_clear_answer(app, practice):
    client, assertion = holder(app)
    url = f"/my/badges/{assertion.uid}/wallet"
    for field, value in (("wallet", "x" * 600), ("wallet", "https://a\x00b"), ("wallet", "")):
        form = send_form(client, assertion.uid, "https://wallet.example.org")
        response = client.post(url, data={**form, field: value})
        assert response.status_code == 400 and 'id="wallet-error"' in response.get_data(as_text=True)
    for token in ("", "x" * 65, "a b"):
        response = client.post(url, data={**send_form(client, assertion.uid, "https://wallet.example.org"), "token": token})
        assert response.status_code == 400 and "That form had expired" in response.get_data(as_text=True)
    assert pushes() == 0


def test_the_learner_saying_no_at_their_wallet_is_kept_and_shown(app, practice):
    client, assertion = holder(app)
    with wallet(deny=True) as stand_in:
        back = client.get(consent(send(client, assertion.uid, stand_in.url).location), follow_redirects=True)
    assert "was not sent to your wallet (Stand-in Wallet): You did not allow this site" in text(back)
    assert stand_in.token_requests == [] and stand_in.received == []
    push = db.session.scalar(select(WalletPush))
    assert (push.status, push.failure) == ("failed", "denied")
    history = client.get(f"/my/badges/{assertion.uid}/wallet").get_data(as_text=True)
    assert "Not sent" in history and "You did not allow this site" in history


def test_another_learners_or_an_unknown_state_is_not_found(app, practice):
    client, assertion = holder(app)
    _, intruder = make_learner_client(app, "practice", now=NOW, email="mallory@school.example")
    with wallet() as stand_in:
        callback = consent(send(client, assertion.uid, stand_in.url).location)
        stolen = intruder.get(callback)
        assert stolen.status_code == 404 and "does not match a badge you are sending" in stolen.get_data(as_text=True)
        for query in ("?state=nope&code=x", "", "?state=" + "s" * 5000):
            assert client.get(f"/my/wallet/callback{query}").status_code == 404
        assert client.get("/my/wallet/callback?state=a%00b&code=x").status_code == 400  # refused before any query
        assert stand_in.token_requests == []
        assert client.get(callback).status_code == 302  # the learner's own is still good
    assert len(stand_in.received) == 1


@pytest.mark.parametrize("answer, words", [
    (Response('{"error": "invalid_grant"}', 400, content_type="application/json"),
     "did not accept this site's sign-in"),
    (Response("<html>down</html>", 502, content_type="text/html"), "had a problem on its side"),
    (Response('{"token_type": "Bearer"}', 200, content_type="application/json"), "did not accept this site's sign-in"),
    (Response('{"access_token": "t", "token_type": "mac"}', 200, content_type="application/json"),
     "did not accept this site's sign-in"),
    (Response("access_token=t", 200, content_type="text/plain"), "did not accept this site's sign-in"),
])
def test_a_token_endpoint_error_is_kept_and_shown(app, practice, answer, words):
    client, assertion = holder(app)
    with wallet(token=answer) as stand_in:
        back = client.get(consent(send(client, assertion.uid, stand_in.url).location), follow_redirects=True)
    assert words in text(back) and stand_in.received == []
    assert db.session.scalar(select(WalletPush.status)) == "failed"


def test_a_wallet_that_forgot_our_client_is_registered_with_again(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        started = send(client, assertion.uid, stand_in.url)
        stand_in.clients.clear()  # the wallet lost its registrations
        back = client.get(consent_anyway(stand_in, started.location), follow_redirects=True)
        assert "did not accept this site's sign-in" in text(back)
        again = send(client, assertion.uid, stand_in.url)
        assert client.get(consent(again.location)).status_code == 302
    assert len(stand_in.registrations) == 2 and len(stand_in.received) == 1
    assert db.session.scalar(select(func.count()).select_from(WalletProvider)) == 1


def consent_anyway(stand_in, authorization_url: str) -> str:
    """The callback a wallet would send even though it no longer knows the client (a stale consent page)."""
    return f"/my/wallet/callback?code=stale&state={query_of(authorization_url)['state']}"


@pytest.mark.parametrize("status, words", [(400, "Your wallet refused the badge."), (413, "Your wallet refused the badge."),
                                           (500, "had a problem on its side"), (503, "had a problem on its side")])
def test_a_refused_credentials_post_is_kept_and_shown(app, practice, status, words):
    client, assertion = holder(app)
    with wallet(upload=Response('{"error": "no"}', status, content_type="application/json")) as stand_in:
        back = client.get(consent(send(client, assertion.uid, stand_in.url).location), follow_redirects=True)
    assert words in text(back)
    push = db.session.scalar(select(WalletPush))
    assert push.status == "failed" and push.finished_at is not None


def test_only_the_owner_may_send_a_badge(app, practice):
    _, assertion = holder(app)
    _, other = make_learner_client(app, "practice", now=NOW, email="grace@school.example")
    assert other.get(f"/my/badges/{assertion.uid}/wallet").status_code == 404
    assert other.post(f"/my/badges/{assertion.uid}/wallet", data={"wallet": "https://w.example"}).status_code in (400, 404)
    assert other.get("/my/badges/nope/wallet").status_code == 404
    assert app.test_client().get(f"/my/badges/{assertion.uid}/wallet").status_code == 302  # log in first


def test_a_revoked_badge_cannot_be_sent(app, practice):
    client, assertion = holder(app)
    awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    page = client.get(f"/my/badges/{assertion.uid}/wallet")
    assert page.status_code == 400 and "was revoked, so it can no longer be sent" in page.get_data(as_text=True)
    assert f"/my/badges/{assertion.uid}/wallet" not in client.get("/my/badges").get_data(as_text=True)


def test_a_badge_revoked_while_the_learner_is_at_their_wallet_is_not_sent(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        started = send(client, assertion.uid, stand_in.url)
        awards.revoke_badge(None, assertion.uid, reason="Copied", now=NOW)
        db.session.commit()
        back = client.get(consent(started.location), follow_redirects=True)
    assert "This badge was revoked, so it was not sent." in text(back)
    assert stand_in.received == [] and stand_in.token_requests == []


def odd_length(body: str) -> Response:
    """An answer whose Content-Length is not one number (two equal values: RFC 9110 lets us refuse that)."""
    answer = Response(body, 200, content_type="application/json")
    answer.headers["Content-Length"] = "2, 2"  # (set after the body, which sets its own)
    return answer


def test_a_discovery_document_with_an_odd_length_is_said_on_the_form(app, practice):
    client, assertion = holder(app)
    with wallet(discovery=odd_length("{}")) as stand_in:
        response = send(client, assertion.uid, stand_in.url)
    refused_on_the_form(response, "No Open Badges 3.0 wallet answers at that address")


def test_a_token_answer_with_an_odd_length_is_kept_and_shown(app, practice):
    client, assertion = holder(app)
    with wallet(token=odd_length('{"access_token": "t", "token_type": "Bearer"}')) as stand_in:
        back = client.get(consent(send(client, assertion.uid, stand_in.url).location), follow_redirects=True)
    assert "did not accept this site's sign-in" in text(back) and stand_in.received == []
    assert db.session.scalar(select(WalletPush.failure)) == "token_refused"


@pytest.mark.parametrize("answer", [Response('{"error": "invalid_grant"}', 401, content_type="application/json"),
                                    Response("Unauthorized", 401, content_type="text/plain")])
def test_a_401_other_than_invalid_client_keeps_our_registration_for_everyone(app, practice, answer):
    """Only invalid_client says the wallet forgot our client; any other refusal is this push's alone."""
    ada, ada_badge = holder(app)
    grace, grace_badge = holder(app, "grace@school.example")
    with wallet(token=answer) as stand_in:
        back = ada.get(consent(send(ada, ada_badge.uid, stand_in.url).location), follow_redirects=True)
        assert "did not accept this site's sign-in" in text(back)
        stand_in.token = None
        assert grace.get(consent(send(grace, grace_badge.uid, stand_in.url).location)).status_code == 302
    assert len(stand_in.registrations) == 1 and len(stand_in.received) == 1
    assert db.session.scalar(select(WalletProvider.encrypted_client_secret)) is not None
