"""The journey once in French in a real browser: a visitor picks Français in the footer with the
keyboard alone, registers (French is already chosen), enrols, opens a module, then saves the
language on the account page. Every page is screenshotted, fits a phone 390 px wide, says its
language (<html lang>), and axe finds no serious or critical issue — html-has-lang and
valid-lang included."""

from __future__ import annotations

import pytest

from lms.core.i18n import gettext, in_language
from tests.accounts.mailbox import confirm_in_browser
from tests.e2e.conftest import PHONE, assert_fits, check_page_and_phone, tab_to

pytestmark = pytest.mark.slow  # a real browser

LANGUAGE_RULES = ["html-has-lang", "html-lang-valid", "valid-lang"]


def in_french(app, text: str) -> str:
    """The words a French reader sees for ``text`` (the compiled catalogue's)."""
    with app.test_request_context(), in_language("fr"):
        return gettext(text)


def check(page, name: str, language: str = "fr") -> None:
    """Screenshots, no sideways scrolling, no serious axe issue, and the language said and valid."""
    assert page.get_attribute("html", "lang") == language, f"{name}: <html lang> is not {language}"
    check_page_and_phone(page, f"fr-journey-{name}")
    result = page.evaluate("""async rules => {
        const r = await axe.run(document, {runOnly: {type: 'rule', values: rules}});
        return {violations: r.violations.map(v => v.id), passes: r.passes.map(p => p.id)}; }""", LANGUAGE_RULES)
    assert result["violations"] == [] and "html-has-lang" in result["passes"], f"{name}: {result}"


def switch_to_french_in_the_footer_with_the_keyboard(page, site: str) -> None:
    page.goto(site + "/")
    check(page, "catalogue-english", "en")
    tab_to(page, "#footer-language")
    page.keyboard.type("Fr")  # the option named in its own language, "Français"
    assert page.eval_on_selector("#footer-language", "select => select.value") == "fr"
    tab_to(page, ".language-switch button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + "/"  # back on the same page
    check(page, "catalogue")
    assert page.eval_on_selector("#footer-language", "select => select.value") == "fr"


def the_footer_fits_a_phone(page) -> None:
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        assert_fits(page, "footer")
        wide, room = page.eval_on_selector(".site-footer", "footer => [footer.scrollWidth, footer.clientWidth]")
        assert wide <= room, f"the footer is {wide} px wide in {room} px"
        box = page.locator(".language-switch button[type=submit]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    finally:
        page.set_viewport_size(size)


def register_in_french(app, page, site: str, smtp) -> None:
    page.click("header .nav-wide a[href^='/register']")
    check(page, "register")
    assert page.eval_on_selector("#language", "select => select.value") == "fr"  # preselected: the page's language
    page.fill("#name", "Nadia Newcomer")
    page.fill("#email", "nadia@school.example")
    page.fill("#password", "a long enough phrase")
    page.fill("#confirm", "a long enough phrase")
    page.click("main form button[type=submit]")
    confirm_in_browser(page, site, smtp)
    assert in_french(app, "Welcome, %(name)s! Choose a course to begin.") % {"name": "Nadia Newcomer"} in page.inner_text("main")
    check(page, "welcome")


def enrol_and_open_a_module(page, site: str) -> None:
    page.goto(site + "/courses/journey")
    check(page, "course")
    with page.expect_navigation():
        page.click("form.enrol button[type=submit]")
    assert page.url.endswith("/courses/journey/modules/start/why-talk-about-careers")
    check(page, "unit")
    page.goto(site + "/courses/journey/modules/start/")
    check(page, "module")


def save_the_language_on_the_account_page(page, site: str) -> None:
    page.goto(site + "/account")
    check(page, "account")
    assert page.eval_on_selector("#profile-language", "select => select.value") == "fr"  # saved at registration
    save = "section[aria-labelledby=profile-heading] button[type=submit]"
    page.select_option("#profile-language", "en")
    with page.expect_navigation():
        page.click(save)
    check(page, "account-english", "en")
    page.select_option("#profile-language", "fr")
    with page.expect_navigation():
        page.click(save)
    check(page, "account-saved")
    page.goto(site + "/dashboard")
    check(page, "dashboard")


def test_a_visitor_switches_to_french_registers_enrols_and_keeps_french(app, journey_course, site, new_page, smtp):
    page = new_page()
    switch_to_french_in_the_footer_with_the_keyboard(page, site)
    the_footer_fits_a_phone(page)
    register_in_french(app, page, site, smtp)
    enrol_and_open_a_module(page, site)
    save_the_language_on_the_account_page(page, site)
