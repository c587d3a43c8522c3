"""A visitor's intent survives the way in, in a real browser: Enrol pressed while signed out
comes back, after log-in or registration, to confirm that very run; registration starts
with the browser's own time zone (a static script, under the site's strict CSP)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from tests.accounts.mailbox import confirm_in_browser
from tests.conftest import NOW
from tests.e2e.conftest import check_page
from tests.factories import PASSWORD, make_user, run_of

pytestmark = pytest.mark.slow  # a real browser


def press_enrol_signed_out(page, site: str) -> None:
    page.goto(f"{site}/courses/journey")
    page.click("text=Enrol in Current run")
    expect(page.locator("main")).to_contain_text("Log in or create an account to enrol.")


def confirm_and_land_in_the_course(page, site: str) -> None:
    run = run_of("journey")
    assert page.url == f"{site}/courses/journey/enrol?run={run.id}"
    check_page(page, "enrol-confirm")
    page.click(f"text=Confirm: enrol in {run.title}")
    expect(page.locator("main")).to_contain_text("You are enrolled. Welcome to the course!")
    assert page.url == f"{site}/courses/journey/modules/start/why-talk-about-careers"


def test_enrol_pressed_signed_out_comes_back_after_logging_in(site, journey_course, new_page):
    make_user(email="lena@school.example", name="Lena Learner", now=NOW)
    page = new_page()
    press_enrol_signed_out(page, site)
    page.fill("#email", "lena@school.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    confirm_and_land_in_the_course(page, site)


def test_enrol_pressed_signed_out_comes_back_after_registering(site, journey_course, new_page, smtp):
    page = new_page()
    press_enrol_signed_out(page, site)
    page.get_by_role("link", name="Create an account").click()
    page.fill("#name", "Rosa Registrant")
    page.fill("#email", "rosa@school.example")
    page.fill("#password", "a long enough phrase")
    page.fill("#confirm", "a long enough phrase")
    page.click("main button[type=submit]")
    confirm_in_browser(page, site, smtp)  # the intent travels in the e-mailed link
    expect(page.locator("main")).to_contain_text("Welcome, Rosa Registrant!")
    confirm_and_land_in_the_course(page, site)


def test_registration_preselects_the_browsers_time_zone(site, browser, smtp):
    # No CSP bypass here: the script must work under the policy visitors get.
    context = browser.new_context(timezone_id="Europe/Lisbon")
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
        page.goto(f"{site}/register")
        expect(page.locator("#timezone")).to_have_value("Europe/Lisbon")

        # A refused form shows what the person chose, not the browser's guess again.
        page.select_option("#timezone", "Asia/Tokyo")
        page.fill("#name", "Lucia Lisboa")
        page.fill("#email", "lucia@school.example")
        page.fill("#password", "a long enough phrase")
        page.fill("#confirm", "not the same phrase")
        page.click("main button[type=submit]")
        expect(page.locator("#confirm-error")).to_contain_text("The passwords do not match.")
        expect(page.locator("#timezone")).to_have_value("Asia/Tokyo")

        page.select_option("#timezone", "Europe/Lisbon")
        page.fill("#password", "a long enough phrase")
        page.fill("#confirm", "a long enough phrase")
        page.click("main button[type=submit]")
        confirm_in_browser(page, site, smtp)
        expect(page.locator("main")).to_contain_text("Welcome, Lucia Lisboa!")
        assert db.session.scalar(select(User.timezone).where(User.email == "lucia@school.example")) == "Europe/Lisbon"
        assert refused == []  # nothing was refused by the Content-Security-Policy
    finally:
        context.close()
