"""Searching the discussions in Chromium with the keyboard alone: from the discussions page's
search box to the results (words marked), then to the post in its thread. Screenshots saved
(test-artifacts/screens/discussions-search*), no serious or critical axe issue, no sideways
scrolling on a phone 390 px wide."""

from __future__ import annotations

import pytest

import tests.e2e.conftest as e2e
from tests.conftest import NOW
from tests.discussions.search_helpers import add_post, add_thread
from tests.e2e.test_journey import log_in
from tests.factories import make_learner, run_of

pytestmark = pytest.mark.slow  # a real browser

new_page, site = e2e.new_page, e2e.site  # the browser tests' fixtures (the browser is the suite's)


def test_a_learner_searches_by_keyboard_and_reaches_the_post(app, courses, site, new_page):
    learner = make_learner(now=NOW, email="ada@school.example", name="Ada Lovelace")
    other = make_learner(now=NOW, name="Grace Hopper")
    run = run_of("stem-careers").id
    thread, _ = add_thread(run, learner, "Inviting employers to school",
                           "We invite parents who work in engineering to talk about their jobs.")
    reply = add_post(thread, other, "A robotics engineer came to our careers evening, with a "
                     "verylongwordwithoutanyspacesthatmustwrapratherthanpushthepagesidewaysonaphone <b>tag</b>.")
    for number in range(25):
        add_thread(run, other, f"Robotics club {number}", f"Our robotics club met for the {number}th time.")
    page = new_page()
    page.clock.set_fixed_time(NOW.timestamp())
    log_in(page, site, "ada@school.example")
    page.goto(f"{site}/courses/stem-careers/discussions")

    e2e.tab_to(page, "#discussion-search-q")
    page.keyboard.type("robotics engineer")
    page.keyboard.press("Enter")
    page.wait_for_url("**/discussions/search?q=robotics+engineer")
    assert "1 result for “robotics engineer”." in page.inner_text("#search-summary")
    assert page.locator("main mark").all_inner_texts() == ["robotics", "engineer"]
    e2e.check_page_and_phone(page, "discussions-search")

    page.goto(f"{site}/courses/stem-careers/discussions/search?q=robotics")
    assert "26 results for “robotics”." in page.inner_text("#search-summary")
    e2e.check_page_and_phone(page, "discussions-search-pages")
    e2e.tab_to(page, "a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2**")
    assert page.locator("ol.search-results > li").count() == 6

    page.goto(f"{site}/courses/stem-careers/discussions/search?q=%22NEAR(")
    assert "No post matches “\"NEAR(”." in page.inner_text("#search-summary")
    e2e.check_page_and_phone(page, "discussions-search-nothing")

    page.goto(f"{site}/courses/stem-careers/discussions/search?q=engineer+came")
    e2e.tab_to(page, f"a[href$='#post-{reply}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#post-{reply}")
    assert "A robotics engineer came" in page.inner_text(f"#post-{reply}")
