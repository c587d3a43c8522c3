"""Send to my wallet in a real browser on a phone (390 px), keyboard only: from My badges to the wallet's
address, a mistake said on the field, then through the wallet and back to My badges with the outcome.
The page fits the screen and axe finds nothing serious."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page, tab_to
from tests.e2e.test_journey import log_in
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
