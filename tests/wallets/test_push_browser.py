"""Send to my wallet in a real browser on a phone (390 px), keyboard only: from My badges to the wallet's
address, a mistake said on the field, then through the wallet and back to My badges with the outcome.
The page fits the screen and axe finds nothing serious."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page, tab_to
from tests.e2e.test_journey import PASSWORD, log_in
from tests.factories import make_awarded_badge, make_learner
from tests.wallets.push_stand_in import wallet

pytestmark = pytest.mark.slow  # a real browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})  # axe is injected
    yield context.new_page()
    context.close()


def test_a_learner_sends_a_badge_from_their_phone_with_the_keyboard(app, practice, live_server, phone):
    learner = make_learner("practice", now=NOW, email="grace@school.example")
    make_awarded_badge(learner, "practice-basics", now=NOW)
    log_in(phone, live_server, "grace@school.example")
    phone.goto(live_server + "/my/badges")
    tab_to(phone, ".badge-card summary")
    phone.keyboard.press("Enter")
    tab_to(phone, ".badge-card a[href$='/wallet']")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/wallet")
    check_page(phone, "send-to-wallet-phone")

    with wallet() as stand_in:
        tab_to(phone, "#wallet")
        phone.keyboard.type("http://[::1")
        phone.keyboard.press("Enter")
        phone.wait_for_selector("#wallet-error")
        assert "not a web address" in phone.inner_text("#wallet-error")
        assert phone.get_attribute("#wallet", "aria-invalid") == "true"
        check_page(phone, "send-to-wallet-error-phone")

        phone.fill("#wallet", "")
        phone.focus("#wallet")
        phone.keyboard.type(stand_in.url)
        phone.keyboard.press("Enter")  # to the wallet, which approves at once, and back to My badges
        phone.wait_for_url("**/my/badges*")
        assert "is now in your wallet (Stand-in Wallet)" in phone.inner_text(".flashes")
        check_page(phone, "sent-to-wallet-phone")
    assert len(stand_in.received) == 1


def test_the_sites_own_security_policy_lets_the_learner_go_on_to_their_wallet(app, practice, live_server, browser):
    """Without bypassing the CSP (as a learner's browser): form-action must not stop the send form's
    redirect to the wallet, which is on another site."""
    learner = make_learner("practice", now=NOW, email="grace@school.example")
    assertion = make_awarded_badge(learner, "practice-basics", now=NOW)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/login")
        page.fill("#email", "grace@school.example")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/dashboard*")
        page.goto(f"{live_server}/my/badges/{assertion.uid}/wallet")
        with wallet() as stand_in:
            page.fill("#wallet", stand_in.url)
            page.keyboard.press("Enter")
            page.wait_for_url("**/my/badges*")
            assert "is now in your wallet (Stand-in Wallet)" in page.inner_text(".flashes")
        assert len(stand_in.received) == 1
    finally:
        context.close()


def test_only_https_wallets_are_let_through_where_outbound_http_is_not_allowed(app, practice):
    from tests.factories import make_learner_client

    user, client = make_learner_client(app, "practice", now=NOW, email="ada@school.example")
    assertion = make_awarded_badge(user, "practice-basics", now=NOW)
    app.config["OUTBOUND_ALLOW_HTTP"] = False
    policy = client.get(f"/my/badges/{assertion.uid}/wallet").headers["Content-Security-Policy"]
    assert "form-action 'self' https:;" in policy and "http:" not in policy.replace("https:", "")
    assert client.get("/my/badges").headers["Content-Security-Policy"].count("form-action 'self';") == 1
