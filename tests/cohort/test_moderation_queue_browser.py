"""The moderation queue and a thread's moderation buttons in Chromium, by the keyboard alone:
screenshots saved (test-artifacts/screens/moderation-*), no serious or critical axe issue, no
sideways scrolling on a phone 390 px wide."""

from __future__ import annotations

import pytest

import tests.e2e.conftest as e2e
import tests.cohort.test_moderation_queue as queue_tests
from tests.conftest import NOW
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor

pytestmark = pytest.mark.slow  # a real browser

new_page, site = e2e.new_page, e2e.site  # the browser tests' fixtures (the browser is the suite's)
reported, QUEUE = queue_tests.reported, queue_tests.QUEUE  # the queue tests' reports and flags


def test_a_tutor_hides_a_reported_post_from_the_queue_by_keyboard(app, reported, site, new_page):
    make_course_tutor("peer", now=NOW, email="tess@peer.example")
    page = new_page()
    log_in(page, site, "tess@peer.example")
    page.goto(f"{site}{QUEUE}")
    e2e.check_page_and_phone(page, "moderation-queue")

    item = page.locator("main li.card").filter(has_text="Buy my revision guides")
    reason = item.locator("input[name=reason]")
    e2e.tab_to(page, f"#{reason.get_attribute('id')}")
    page.keyboard.type("Advertising is not allowed here.")
    page.keyboard.press("Tab")  # to Hide
    assert page.evaluate("document.activeElement.value") == "hide"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The post is hidden from learners; its author was told why." in page.inner_text("main")
    assert "Advertising is not allowed here." in page.inner_text("#history")
    e2e.check_page_and_phone(page, "moderation-queue-decided")

    page.goto(f"{site}/courses/peer/discussions/threads/{reported['thread'].id}")
    assert page.locator("main form[action$='/restore'] button").count() == 1  # the hidden reply
    e2e.check_page_and_phone(page, "moderation-thread-tutor")


def test_a_learner_marks_helpful_and_reports_by_keyboard(app, reported, site, new_page):
    page = new_page()
    log_in(page, site, reported["author"].email)
    page.goto(f"{site}/courses/peer/discussions/threads/{reported['thread'].id}")
    e2e.check_page_and_phone(page, "moderation-thread-learner")
    e2e.tab_to(page, f"form[action$='/posts/{reported['reply'].id}/helpful'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tools = page.locator(f"#post-{reported['reply'].id} .post-actions").inner_text()
    assert "1 found this helpful" in tools and "Marked helpful" in tools

    e2e.tab_to(page, f"a[href$='/posts/{reported['reply'].id}/report']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/report")
    e2e.check_page_and_phone(page, "moderation-report-form")
    e2e.tab_to(page, "input[name=reason]")  # the group of reasons: the arrows choose among them
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "off_topic"
    page.keyboard.press("Tab")
    page.keyboard.type("Not about careers.")
    e2e.tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Thank you: the tutors will look at this post." in page.inner_text("main")
    assert "Reported by you" in page.locator(f"#post-{reported['reply'].id} .post-actions").inner_text()
