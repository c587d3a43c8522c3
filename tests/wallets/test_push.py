"""Send to my wallet: the learner names their wallet, allows it there, and the wallet holds exactly the
signed credential kept at award time; My badges says so. Registration happens once per wallet; a double
click is one push; a callback opened twice sends once. Against a stand-in wallet over real HTTP."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit

import urllib3
from sqlalchemy import func, select
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from badges.ob3 import proofs
from lms.awards import ob3_documents
from lms.awards.models import AwardCredential
from lms.core.extensions import db
from lms.wallets.models import WalletProvider, WalletPush
from tests.conftest import NOW, csrf_from
from tests.factories import make_awarded_badge, make_learner_client
from tests.wallets.push_stand_in import UPSERT, StandIn, consent, query_of, wallet

CALLBACK = "http://localhost/my/wallet/callback"


def holder(app, email: str = "ada@school.example"):
    user, client = make_learner_client(app, "practice", now=NOW, email=email)
    assertion = make_awarded_badge(user, "practice-basics", now=NOW)
    return client, assertion


def send_form(client, uid: str, address: str):
    """The Send to my wallet form as the browser posts it: the page's CSRF and form tokens, the address typed."""
    html = client.get(f"/my/badges/{uid}/wallet").get_data(as_text=True)
    token = html.split('name="token" type="hidden" value="')[1].split('"')[0]
    return {"csrf_token": csrf_from(html), "token": token, "wallet": address}


def send(client, uid: str, address: str):
    return client.post(f"/my/badges/{uid}/wallet", data=send_form(client, uid, address))


def test_a_learner_sends_a_badge_to_their_wallet_which_holds_the_signed_credential(app, practice):
    client, assertion = holder(app)
    assert f"/my/badges/{assertion.uid}/wallet" in client.get("/my/badges").get_data(as_text=True)
    with wallet() as stand_in:
        started = send(client, assertion.uid, stand_in.url)
        assert started.status_code == 303 and started.location.startswith(f"{stand_in.url}/authorize?")
        asked = query_of(started.location)
        assert asked["response_type"] == "code" and asked["client_id"] in stand_in.clients
        assert asked["redirect_uri"] == CALLBACK and asked["scope"] == UPSERT
        assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) == 43 and asked["state"]
        registered = stand_in.registrations[0]
        assert registered["redirect_uris"] == [CALLBACK] and registered["scope"] == UPSERT
        assert registered["token_endpoint_auth_method"] == "client_secret_basic"
        assert registered["client_name"] and registered["client_uri"].startswith("http://localhost/")

        back = client.get(consent(started.location))
        assert back.status_code == 302 and back.location.endswith(f"/my/badges#badge-{assertion.uid}")
        page = client.get("/my/badges").get_data(as_text=True)
        assert "is now in your wallet (Stand-in Wallet)" in page

    stored = db.session.scalar(select(AwardCredential.document).where(AwardCredential.assertion_id == assertion.id))
    assert stand_in.received == [stored.encode()]  # byte for byte what was signed at award time
    assert proofs.check_proof(json.loads(stand_in.received[0]), ob3_documents.public_key_for).ok
    token_request = stand_in.token_requests[0]
    assert token_request["authorization"].startswith("Basic ") and token_request["form"]["scope"] == UPSERT
    history = client.get(f"/my/badges/{assertion.uid}/wallet").get_data(as_text=True)
    assert "Sent before" in history and "Stand-in Wallet" in history and "<strong>Sent</strong>" in history


def test_secrets_kept_for_the_wallet_are_sealed(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        client.get(consent(send(client, assertion.uid, stand_in.url).location))
    provider = db.session.scalar(select(WalletProvider))
    (client_id, (secret, _)), = stand_in.clients.items()
    assert provider.client_id == client_id and secret not in provider.encrypted_client_secret
    assert db.session.scalar(select(WalletPush.encrypted_code_verifier)) == ""  # the PKCE verifier: not kept once used


def test_a_second_push_to_the_same_wallet_reuses_the_registration(app, practice):
    ada, ada_badge = holder(app)
    grace, grace_badge = holder(app, "grace@school.example")
    with wallet() as stand_in:
        for client, uid in ((ada, ada_badge.uid), (grace, grace_badge.uid), (ada, ada_badge.uid)):
            started = send(client, uid, stand_in.url)
            assert client.get(consent(started.location)).status_code == 302
    assert len(stand_in.registrations) == 1 and stand_in.requests.count("GET /ims/ob/v3p0/discovery") == 1
    assert len(stand_in.received) == 3 and db.session.scalar(select(func.count()).select_from(WalletProvider)) == 1
    statuses = db.session.scalars(select(WalletPush.status)).all()
    assert statuses == ["sent", "sent", "sent"]


def test_a_double_click_is_one_push(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        form = send_form(client, assertion.uid, stand_in.url)
        first = client.post(f"/my/badges/{assertion.uid}/wallet", data=form)
        second = client.post(f"/my/badges/{assertion.uid}/wallet", data=form)
        assert first.status_code == second.status_code == 303 and first.location == second.location
        assert db.session.scalar(select(func.count()).select_from(WalletPush)) == 1
        client.get(consent(first.location))
        # The same form once more after it went through: the outcome, not a new push.
        third = client.post(f"/my/badges/{assertion.uid}/wallet", data=form, follow_redirects=True)
        assert "is now in your wallet" in third.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(WalletPush)) == 1 and len(stand_in.received) == 1


def test_the_callback_opened_twice_sends_once(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        callback = consent(send(client, assertion.uid, stand_in.url).location)
        client.get(callback)
        again = client.get(callback, follow_redirects=True)
    assert "is now in your wallet" in again.get_data(as_text=True)
    assert len(stand_in.token_requests) == 1 and len(stand_in.received) == 1


def test_the_address_may_be_the_discovery_url_itself(app, practice):
    client, assertion = holder(app)
    with wallet() as stand_in:
        started = send(client, assertion.uid, f"{stand_in.url}/ims/ob/v3p0/discovery")
        assert client.get(consent(started.location)).status_code == 302
    assert len(stand_in.received) == 1


def test_a_double_click_arriving_at_once_is_one_push(app, practice, live_server):
    """Both clicks reach the server together (real HTTP, two threads): one push, one registration."""
    client, assertion = holder(app)
    with wallet() as stand_in:
        form = send_form(client, assertion.uid, stand_in.url)
        cookie = client.get_cookie("session").value
        together = threading.Barrier(2)

        def click(_):
            together.wait()
            return urllib3.request("POST", f"{live_server}/my/badges/{assertion.uid}/wallet", body=urlencode(form),
                                   headers={"Cookie": f"session={cookie}",
                                            "Content-Type": "application/x-www-form-urlencoded"},
                                   redirect=False, retries=False, timeout=30)

        with ThreadPoolExecutor(2) as pool:
            first, second = pool.map(click, range(2))
    assert (first.status, second.status) == (303, 303), (first.data, second.data)
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(WalletPush)) == 1
    assert db.session.scalar(select(func.count()).select_from(WalletProvider)) == 1


def test_a_client_secret_with_reserved_characters_is_encoded_for_http_basic(app, practice):
    """RFC 6749 2.3.1: the id and secret are form-encoded before HTTP Basic, so a secret with ':', '%' or '+' works."""
    client, assertion = holder(app)
    with wallet(secret="a:b%c+d/e f") as stand_in:
        back = client.get(consent(send(client, assertion.uid, stand_in.url).location), follow_redirects=True)
    assert "is now in your wallet" in back.get_data(as_text=True) and len(stand_in.received) == 1


@contextmanager
def two_tenants():
    """Two wallets on one host, each under its own path (/tenant-a/ims/ob/v3p0/discovery ...), as the
    specification allows: each its own registration, its own consent, its own credentials."""
    tenants = {"/tenant-a": StandIn(), "/tenant-b": StandIn()}
    server = make_server("127.0.0.1", 0, DispatcherMiddleware(Response("no", 404), tenants), threaded=True)
    for prefix, stand_in in tenants.items():
        stand_in.url = f"http://127.0.0.1:{server.server_port}{prefix}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield tenants.values()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_two_wallets_on_one_host_under_different_paths_are_two_registrations(app, practice):
    ada, ada_badge = holder(app)
    grace, grace_badge = holder(app, "grace@school.example")
    with two_tenants() as (tenant_a, tenant_b):
        for client, uid, tenant in ((ada, ada_badge.uid, tenant_a), (grace, grace_badge.uid, tenant_b)):
            started = send(client, uid, f"{tenant.url}/ims/ob/v3p0/discovery")
            assert started.location.startswith(f"{tenant.url}/authorize?")
            assert client.get(consent(started.location)).status_code == 302
    assert len(tenant_a.registrations) == len(tenant_b.registrations) == 1
    assert len(tenant_a.received) == len(tenant_b.received) == 1
    assert json.loads(tenant_a.received[0]) != json.loads(tenant_b.received[0])
    assert db.session.scalar(select(func.count()).select_from(WalletProvider)) == 2


def test_every_url_we_register_is_on_our_host_terms_elsewhere_give_way_to_our_home_page(app, practice):
    """OB 3.0: all the registration's URLs have the same host name; terms kept on another site are not sent."""
    app.config.update(TERMS_OF_SERVICE_URL="https://legal.example.org/terms", PRIVACY_POLICY_URL="http://localhost/privacy")
    client, assertion = holder(app)
    with wallet() as stand_in:
        assert send(client, assertion.uid, stand_in.url).status_code == 303
    registered = stand_in.registrations[0]
    assert registered["tos_uri"] == registered["client_uri"] and registered["policy_uri"] == "http://localhost/privacy"
    urls = [registered[name] for name in ("client_uri", "logo_uri", "tos_uri", "policy_uri")] + registered["redirect_uris"]
    assert {urlsplit(url).hostname for url in urls} == {"localhost"}
