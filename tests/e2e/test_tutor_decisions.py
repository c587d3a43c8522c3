"""A tutor's decisions that take something away from learners, on a phone (390 px) with the
keyboard alone: hiding flagged work (with the reason sent to its author) and closing a module
that is open now (with the learners who lose it counted, and a box to tick)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.peer_review import services as peer_review
from lms.peer_review.models import Submission
from tests.conftest import NOW
from tests.e2e.conftest import check_page, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor, make_learner
from tests.peer_helpers import claim, learner, submit

pytestmark = pytest.mark.slow  # a real browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(bypass_csp=True, viewport=PHONE)  # axe needs the CSP bypassed to be injected
    yield context.new_page()
    context.close()


def assert_no_sideways_scrolling(page, name: str) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{name}: {widths[0]} px of content in a {widths[1]} px window"


def test_a_tutor_hides_flagged_work_with_a_reason_from_the_keyboard_on_a_phone(app, peer_course, live_server, phone):
    author, reporter = learner(NOW, name="Amelie Author"), learner(NOW, name="Bruno Reporter")
    for person in (author, reporter):
        submit(person, NOW)
    given = claim(reporter, NOW)
    peer_review.flag(reporter, given.id, target="submission", reason="plagiarism", note="Copied.", now=NOW)
    db.session.commit()
    make_course_tutor("peer", now=NOW, email="tess@school.example")
    activity_id = db.session.scalar(select(Submission.activity_id))

    log_in(phone, live_server, "tess@school.example")
    phone.goto(f"{live_server}/tutor/courses/peer/runs/cohort/assignments/{activity_id}")
    check_page(phone, "tutor-flags-phone")
    assert_no_sideways_scrolling(phone, "flags")
    tab_to(phone, "input[name=reason]")
    phone.keyboard.type("Copied from a website without credit.")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.value") == "hide"
    phone.keyboard.press("Enter")
    phone.wait_for_selector("text=The submission is hidden from reviewers; the author was told why.")
    check_page(phone, "tutor-flags-hidden-phone")
    flags = phone.inner_text("table:has(th:text('Reported'))")
    assert "Restore" in flags and "Hide" not in flags and "Dismiss" not in flags


def test_closing_an_open_module_needs_the_box_ticked_from_the_keyboard_on_a_phone(app, courses, live_server, phone):
    for _ in range(3):
        make_learner(now=NOW)
    make_course_tutor("stem-careers", now=NOW, email="tess@school.example")
    log_in(phone, live_server, "tess@school.example")
    phone.goto(f"{live_server}/tutor/courses/stem-careers/runs/autumn-2017/schedule")
    assert phone.locator("strong:text-is(\"open now\")").count() == 5
    phone.select_option("#shift_from", "gender-stereotypes")
    phone.fill("#shift_days", "7")
    phone.click("text=Preview changes")
    assert "3 learners lose access to modules they can open now" in phone.inner_text("main")
    check_page(phone, "tutor-relock-preview-phone")
    assert_no_sideways_scrolling(phone, "relock preview")

    phone.click("text=Save and notify")  # unticked: the browser keeps the form and says why
    assert phone.evaluate("document.querySelector('#confirm_relock').validity.valueMissing")
    tab_to(phone, "#confirm_relock")
    phone.keyboard.press("Space")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    phone.wait_for_selector("text=3 learners can no longer open 1 module until the new date.")
    check_page(phone, "tutor-relock-saved-phone")
