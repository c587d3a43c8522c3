"""Connecting a wallet in a real browser on a phone (390 px), keyboard only: the consent page, Allow, and
the browser really lands at the wallet (another origin: the page's form-action must let the redirect
through, which the site's usual policy would block); then the account page lists the wallet and its
Disconnect works. Pages fit the screen and axe finds nothing serious."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page, tab_to
from tests.factories import PASSWORD, make_learner
from tests.wallets.provider_flow import Wallet, exchange, metadata

pytestmark = pytest.mark.slow  # a real browser

PHONE = {"width": 390, "height": 844}


def loopback_wallet(app, live_server: str) -> Wallet:
    """A wallet at http://localhost:<port>: another origin than the platform's 127.0.0.1, same server."""
    port = urlsplit(live_server).port
    site = f"http://localhost:{port}"
    answer = app.test_client().post("/oauth/register", content_type="application/json", data=json.dumps(metadata(
        client_uri=f"{site}/", logo_uri=None, tos_uri=f"{site}/terms", policy_uri=None, redirect_uris=[f"{site}/verify"])))
    body = answer.get_json()
    return Wallet(body["client_id"], body["client_secret"], body)


def log_in(page, site: str, email: str) -> None:
    page.goto(f"{site}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard")


def test_a_learner_connects_a_wallet_from_their_phone_with_the_keyboard(app, practice, live_server, browser):
    make_learner("practice", now=NOW, email="grace@school.example")
    wallet = loopback_wallet(app, live_server)
    consent = live_server + wallet.authorize_url(redirect_uri=wallet.registered["redirect_uris"][0], state="phone-1")

    strict = browser.new_context(viewport=PHONE)  # the site's own Content-Security-Policy applies
    page = strict.new_page()
    log_in(page, live_server, "grace@school.example")
    page.goto(consent)
    assert "asks to connect to your account" in page.inner_text("#who-asks")
    assert "See your badges and certificates" in page.inner_text("#permissions")
    tab_to(page, "button[value=allow]")
    page.keyboard.press("Enter")
    page.wait_for_url("http://localhost:*/verify?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query["state"] == ["phone-1"] and query["code"]
    strict.close()
    assert exchange(app.test_client(), wallet, query["code"][0],
                    redirect_uri=wallet.registered["redirect_uris"][0]).status_code == 200

    checked = browser.new_context(viewport=PHONE, bypass_csp=True)  # axe is injected
    page = checked.new_page()
    log_in(page, live_server, "grace@school.example")
    page.goto(consent)
    check_page(page, "wallet-consent-phone")
    page.goto(live_server + "/account#connected-wallets")
    assert "Pocket Wallet" in page.inner_text(".connected-wallets")
    check_page(page, "connected-wallets-phone")
    tab_to(page, ".connected-wallets button")
    page.keyboard.press("Enter")
    page.wait_for_selector(".flashes")
    assert "Pocket Wallet is disconnected" in page.inner_text(".flashes")
    assert "No wallet is connected." in page.inner_text("main")
    checked.close()
