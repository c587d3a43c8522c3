"""The thread pages people use beyond the journey, in Chromium: a long thread in pages with the way to
the first unread post, changing one's post by the keyboard alone and reading its earlier versions,
a refused reply keeping its words, and a tutor's choice of run. Screenshots saved
(test-artifacts/screens/discussions-threads-*), no serious or critical axe issue, no sideways
scrolling on a phone 390 px wide."""

from __future__ import annotations

from datetime import timedelta

import pytest

import tests.e2e.conftest as e2e
from lms.core.extensions import db
from lms.discussions.models import Thread
from tests.conftest import NOW
from tests.discussions.builders import many_replies, second_run, start_thread
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor, make_learner

pytestmark = pytest.mark.slow  # a real browser

new_page, site = e2e.new_page, e2e.site  # the browser tests' fixtures (the browser is the suite's)
BASE = "/courses/stem-careers/discussions"
LONG_WORD = "Wissenschaftskommunikationsveranstaltungsreihe" * 3  # no phone is that wide


def test_a_long_thread_an_edit_with_its_history_and_a_refused_reply(app, courses, site, new_page):
    ada = make_learner(now=NOW, email="ada@school.example", name="Ada Lovelace")
    bea = make_learner(now=NOW, name="Bea Brown")
    posted = start_thread(ada, title="Careers fairs " + LONG_WORD, text="We hold ours in **March**.\n\n    code " + LONG_WORD)
    many_replies(posted.thread.id, [bea.id, ada.id], 70)
    page = new_page()
    page.clock.set_fixed_time(NOW.timestamp())
    log_in(page, site, "ada@school.example")
    thread = f"{site}{BASE}/threads/{posted.thread.id}"

    page.goto(thread)
    assert "Posts 1–50 of 71" in page.inner_text("main")
    e2e.check_page_and_phone(page, "discussions-threads-long")
    with page.expect_navigation():
        page.click("a[rel=next]")
    assert "Reply 00069" in page.inner_text("main")

    page.goto(f"{site}{BASE}/posts/{posted.post.id}/edit")
    e2e.tab_to(page, "#body")
    page.keyboard.press("Control+End")
    page.keyboard.type(" And in October.")
    e2e.check_page_and_phone(page, "discussions-threads-edit")
    e2e.tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your changes are saved." in page.inner_text("main")
    assert "And in October." in page.inner_text(f"#post-{posted.post.id}")
    with page.expect_navigation():
        page.click(f"#post-{posted.post.id} a[href$='/history']")
    assert "Earlier versions of a post" in page.inner_text("h1")
    e2e.check_page_and_phone(page, "discussions-threads-history")

    page.goto(thread)
    page.fill("#body", "My careful answer, typed before the lock.")
    db.session.get(Thread, posted.thread.id).locked_at = NOW + timedelta(minutes=1)
    db.session.commit()
    page.click("#reply button[type=submit]")
    page.wait_for_selector("#kept-text")
    assert "A tutor has locked this thread" in page.inner_text("main")
    assert page.input_value("#kept-text") == "My careful answer, typed before the lock."
    e2e.check_page_and_phone(page, "discussions-threads-refused")


def test_a_tutor_picks_the_run(app, courses, site, new_page):
    second_run()
    make_course_tutor("stem-careers", now=NOW, email="tess@school.example", name="Tess Tutor")
    page = new_page()
    page.clock.set_fixed_time(NOW.timestamp())
    log_in(page, site, "tess@school.example")
    page.goto(f"{site}{BASE}")
    page.select_option("#run-choice", "autumn-2017")
    with page.expect_navigation():
        page.click(".run-picker button")
    assert page.url.endswith("?run=autumn-2017")
    e2e.check_page_and_phone(page, "discussions-threads-tutor-index")
