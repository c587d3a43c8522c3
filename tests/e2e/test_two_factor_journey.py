"""In a real browser: a learner sets up two-factor sign-in from the account page, keeps the
recovery codes, and logs in again with the code step. Screenshots of each page; axe finds no
serious or critical issue, on a phone either."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import expect

from lms.core import clock
from tests.conftest import NOW
from tests.e2e.conftest import check_page, check_page_and_phone
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.slow  # a real browser


def test_a_learner_sets_up_two_factor_sign_in_and_logs_in_with_it(app, site, new_page):
    make_user(email="tomas@school.example", name="Tomás Twofactor", now=NOW)
    page = new_page()
    page.goto(f"{site}/login")
    page.fill("#email", "tomas@school.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")

    page.goto(f"{site}/account")
    page.click("text=Security: where you are signed in, two-factor sign-in")
    check_page_and_phone(page, "account-security")
    page.fill("#start-password", PASSWORD)
    page.click("text=Set up two-factor sign-in")
    expect(page.locator("main img.qr")).to_be_visible()  # the QR code displays under the site's CSP
    assert page.locator("main img.qr").evaluate("img => img.naturalWidth") > 0
    check_page_and_phone(page, "two-factor-enrol")

    secret = page.inner_text("#totp-secret")  # as a person types it into their app
    page.fill("#code", pyotp.TOTP(secret).at(clock.now()))
    page.click("text=Turn on two-factor sign-in")
    expect(page.locator("main h1")).to_have_text("Two-factor sign-in is on")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check_page_and_phone(page, "two-factor-recovery-codes")

    page.click("text=I have kept them: back to account security")
    expect(page.locator("main")).to_contain_text("Recovery codes left: 10.")
    page.click("header button:has-text('Log out')")

    page.goto(f"{site}/login")
    page.fill("#email", "tomas@school.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("main h1")).to_have_text("Enter your code")
    check_page(page, "two-factor-code")
    page.fill("#code", codes[0])  # the app's code of this instant was used to enrol: a recovery code now
    page.click("main button[type=submit]")
    expect(page.locator("main")).not_to_contain_text("Enter your code")
    page.goto(f"{site}/account/security")
    expect(page.locator("main")).to_contain_text("Recovery codes left: 9.")
