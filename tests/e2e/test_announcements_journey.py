"""A tutor writes an announcement on a phone (390 px) with the keyboard alone: the form, the
preview with the number of recipients, Send; the learner reads it on the course page and the
dashboard. Every page fits the phone's width and axe finds no serious or critical issue."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import PHONE, check_page, check_page_and_phone, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor, make_learner

pytestmark = pytest.mark.slow  # a real browser

RUN = "/tutor/courses/stem-careers/runs/autumn-2017/announcements"
BODY = ("Dear all,\n\nBring **your plan** to the Monday session, and read [the guide](https://example.org/guide).\n\n"
        "| Week | Topic |\n|---|---|\n| 3 | A very long topic name that would push a narrow screen sideways if nothing held it |\n")


def test_a_tutor_announces_by_keyboard_on_a_phone_and_the_learner_reads_it(app, courses, live_server, browser):
    make_learner("stem-careers", now=NOW, name="Ada Lovelace", email="ada@school.example")
    make_course_tutor("stem-careers", now=NOW, email="tess@school.example", name="Tess Tutor")
    context = browser.new_context(bypass_csp=True, viewport=PHONE, timezone_id="Europe/Brussels")  # axe needs the CSP bypassed
    phone = context.new_page()
    try:
        log_in(phone, live_server, "tess@school.example")
        phone.goto(live_server + RUN)
        check_page(phone, "announcements-empty-phone")
        tab_to(phone, f"a[href='{RUN}/new']")
        phone.keyboard.press("Enter")
        phone.wait_for_url("**/announcements/new")
        check_page(phone, "announcement-new-phone")
        tab_to(phone, "#subject")
        phone.keyboard.type("Monday session")
        tab_to(phone, "#body")
        phone.keyboard.insert_text(BODY)
        tab_to(phone, "main button[type=submit]")
        with phone.expect_navigation():
            phone.keyboard.press("Enter")
        assert "If you send it now, 1 learner receives it." in phone.inner_text("main")
        check_page(phone, "announcement-preview-phone")
        tab_to(phone, "form[action$='/send'] button")
        with phone.expect_navigation():
            phone.keyboard.press("Enter")
        assert "Sent to 1 learner." in phone.inner_text("body")
        check_page(phone, "announcement-sent-phone")
        phone.goto(live_server + RUN)
        check_page(phone, "announcements-list-phone")
        context.clear_cookies()

        log_in(phone, live_server, "ada@school.example")
        phone.goto(live_server + "/courses/stem-careers")
        assert "Monday session" in phone.inner_text("#announcements")
        check_page_and_phone(phone, "announcement-course-page")
        phone.goto(live_server + "/dashboard")
        assert "Monday session" in phone.inner_text("main")
        check_page_and_phone(phone, "announcement-dashboard")
    finally:
        context.close()
