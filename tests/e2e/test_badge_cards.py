"""My badges and the public badge and certificate pages on a phone (390 px), in a real browser:
no sideways scrolling, axe finds nothing serious, the downloads menu opens from the keyboard."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_awarded_badge, make_enrolment, make_learner
from tests.web.test_badge_pages import ONLY_PAGE, drawn, uid_of  # noqa: F401 (drawn: a fixture)

pytestmark = pytest.mark.slow  # a real browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(bypass_csp=True, viewport=PHONE)  # axe needs the CSP bypassed to be injected
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def assert_no_sideways_scrolling(page, name: str) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{name}: {widths[0]} px of content in a {widths[1]} px window"


def test_my_badges_cards_and_public_pages_work_on_a_phone(app, practice, drawn, live_server, phone):  # noqa: F811
    learner = make_learner("practice", now=NOW, name="Grace Hopper", email="grace@school.example")
    make_enrolment(learner, "drawn", now=NOW)
    make_awarded_badge(learner, "practice-basics", now=NOW)  # drawn as PNG and SVG
    make_awarded_badge(learner, "drawn-sketch", now=NOW)  # drawn only as SVG
    log_in(phone, live_server, "grace@school.example")
    phone.goto(live_server + "/my/badges")
    check_page(phone, "my-badges-phone")
    assert_no_sideways_scrolling(phone, "My badges")
    cards = phone.locator(".badge-card")
    assert cards.count() == 2
    assert cards.filter(has_text="Drawn Sketch").locator("text=(PNG)").count() == 0  # only what exists is offered

    # The menu opens with the keyboard alone, and its links are then reachable.
    tab_to(phone, ".badge-card summary")
    phone.keyboard.press("Enter")
    menu = phone.locator(".badge-card details[open]")
    assert menu.count() == 1 and menu.locator("text=Signed badge record").is_visible()
    assert_no_sideways_scrolling(phone, "My badges, menu open")
    check_page(phone, "my-badges-phone-menu")

    # The share button copies the link (or selects it where the clipboard is refused).
    phone.locator(".badge-card button.copy-link").first.click()
    status = phone.locator(".badge-card .copied").first
    status.filter(has_text="Link copied").or_(status.filter(has_text="selected")).wait_for()

    for name, path in (("public badge page", f"/badges/assertions/{uid_of('practice-basics')}"),
                       ("badge criteria page", "/badges/classes/drawn-sketch")):
        phone.goto(live_server + path)
        check_page(phone, name.replace(" ", "-") + "-phone")
        assert_no_sideways_scrolling(phone, name)

    # On a desktop the cards stand side by side.
    phone.set_viewport_size({"width": 1280, "height": 900})
    phone.goto(live_server + "/my/badges")
    check_page(phone, "my-badges-desktop")
    first, second = (card.bounding_box() for card in cards.all())
    assert first["y"] == second["y"] and first["x"] < second["x"]


def test_the_certificate_verification_page_fits_a_phone(app, drawn, live_server, phone):  # noqa: F811
    make_learner("drawn", now=NOW, email="grace@school.example")
    log_in(phone, live_server, "grace@school.example")
    phone.goto(live_server + ONLY_PAGE)
    phone.click("text=Mark as done")
    phone.goto(live_server + "/my/badges")
    phone.click("text=Page that proves it is genuine")
    assert "Valid." in phone.inner_text("main")
    check_page(phone, "certificate-phone")
    assert_no_sideways_scrolling(phone, "certificate page")
