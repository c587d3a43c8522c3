"""A tutor pages through a run's answers on a phone (390 px) with the keyboard alone: the grid of
16 activities scrolls sideways inside its own box, never the page, on every page of learners."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import PHONE, check_page, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor, make_enrolment, make_user

pytestmark = pytest.mark.slow  # a real browser


def grid_scrolls_inside_its_box(page) -> bool:
    """The grid is wider than its box, the box scrolls, and the page itself does not."""
    return page.evaluate("""() => {
        const box = document.querySelector('.table-scroll');
        const root = document.documentElement;
        return box.scrollWidth > box.clientWidth && box.clientWidth <= window.innerWidth
            && root.scrollWidth <= root.clientWidth;
    }""")


def test_a_tutor_turns_the_pages_of_a_large_grid_on_a_phone_with_the_keyboard(app, courses, live_server, browser):
    for number in range(60):
        make_enrolment(make_user(email=f"l{number:04d}@school.example", name=f"Learner {number:04d}", now=NOW), now=NOW)
    make_course_tutor("stem-careers", now=NOW, email="tess@school.example")
    context = browser.new_context(bypass_csp=True, viewport=PHONE, timezone_id="Europe/Brussels")  # axe needs the CSP bypassed
    phone = context.new_page()
    try:
        log_in(phone, live_server, "tess@school.example")
        phone.goto(f"{live_server}/tutor/courses/stem-careers/runs/autumn-2017/answers")
        assert "Learners 1–50 of 60" in phone.inner_text("main")
        check_page(phone, "tutor-answers-page-1-phone")
        assert grid_scrolls_inside_its_box(phone)

        tab_to(phone, ".table-scroll")  # the keyboard scrolls the grid itself
        phone.keyboard.press("ArrowRight")
        phone.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")

        tab_to(phone, "a[rel=next]")
        phone.keyboard.press("Enter")
        phone.wait_for_url("**/answers?after=*")
        assert "Learners 51–60 of 60" in phone.inner_text("main")
        check_page(phone, "tutor-answers-page-2-phone")
        assert grid_scrolls_inside_its_box(phone)
        assert phone.locator("a[rel=next]").count() == 0
        tab_to(phone, "a[rel=prev]")
        phone.keyboard.press("Enter")
        phone.wait_for_url("**/answers?before=*")
        assert "Learners 1–50 of 60" in phone.inner_text("main")
    finally:
        context.close()
