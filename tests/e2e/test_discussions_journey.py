"""Discussions in Chromium, from end to end: a learner opens the course's discussions from the
course page and starts a thread; a second learner replies quoting it, by the keyboard alone; the
first sees the thread marked as having new posts and the reply marked new, marks it helpful, and
finds it by searching for one of its words (the word highlighted); a tutor pins the thread and
hides the reply with a reason, and the learner then sees it hidden. Every page is saved as a
screenshot (test-artifacts/screens/discussions-journey-*), has no serious or critical axe issue
and fits a phone 390 px wide without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page_and_phone, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor, make_learner

pytestmark = pytest.mark.slow  # a real browser

COURSE = "/courses/stem-careers"
TITLE = "Inviting engineers to our school"
OPENING = "Last term two **engineers** from the water company visited. How do you prepare the students?"
REPLY = "Our library makerspace hosts them: the students build something with the visitors first."


def post_id_of(page) -> int:
    """The post a page was sent to after posting (…#post-<id>)."""
    return int(re.search(r"#post-(\d+)$", page.url).group(1))


def start_a_thread(ada, site: str) -> tuple[str, int]:
    ada.goto(site + COURSE)
    ada.click("main a[href$='/discussions']")
    ada.wait_for_url(f"**{COURSE}/discussions")
    check_page_and_phone(ada, "discussions-journey-index")
    ada.click(f"main a[href='{COURSE}/discussions/forums/general']")
    ada.wait_for_url("**/discussions/forums/general")
    assert "No thread yet." in ada.inner_text("main")
    check_page_and_phone(ada, "discussions-journey-forum-empty")
    ada.click("main a[href$='/forums/general/new']")
    ada.wait_for_url("**/forums/general/new")
    check_page_and_phone(ada, "discussions-journey-new-thread")
    ada.fill("#title", TITLE)
    ada.fill("#body", OPENING)
    with ada.expect_navigation():
        ada.click("main form button[type=submit]")
    assert "Your post is published." in ada.inner_text("body")
    assert ada.inner_text("main h1") == TITLE
    assert ada.inner_text(f"#post-{post_id_of(ada)} .content strong") == "engineers"  # the Markdown rendered
    check_page_and_phone(ada, "discussions-journey-thread")
    return ada.url.split("?")[0], post_id_of(ada)


def reply_quoting_by_keyboard(grace, site: str, thread: str, opening: int) -> int:
    grace.goto(f"{site}{COURSE}/discussions/forums/general")
    listed = grace.locator("ol.thread-list > li").filter(has_text=TITLE)
    assert "New posts" in listed.inner_text()  # a thread she has not read
    tab_to(grace, f"ol.thread-list a[href='{thread.removeprefix(site)}']")
    with grace.expect_navigation():
        grace.keyboard.press("Enter")
    tab_to(grace, f"#post-{opening} a[href*='quote={opening}']")
    with grace.expect_navigation():
        grace.keyboard.press("Enter")
    assert "engineers" in grace.input_value("#body")  # the reply form holds the quoted post
    tab_to(grace, "#body")
    grace.keyboard.press("Control+End")
    grace.keyboard.press("Enter")
    grace.keyboard.type(REPLY)
    tab_to(grace, "#reply form button[type=submit]")
    with grace.expect_navigation():
        grace.keyboard.press("Enter")
    assert "Your post is published." in grace.inner_text("body")
    reply = post_id_of(grace)
    assert "in reply to Ada Lovelace" in grace.inner_text(f"#post-{reply}")
    assert "makerspace" in grace.inner_text(f"#post-{reply} .content")
    return reply


def read_mark_helpful_and_search(ada, site: str, thread: str, reply: int) -> None:
    ada.goto(f"{site}{COURSE}/discussions/forums/general")
    listed = ada.locator("ol.thread-list > li").filter(has_text=TITLE)
    assert "unread" in (listed.get_attribute("class") or "") and "New posts" in listed.inner_text()
    assert "1 reply" in listed.inner_text()
    check_page_and_phone(ada, "discussions-journey-forum-unread")
    listed.locator("a").first.click()
    ada.wait_for_url(f"{thread}*")
    assert "New" in ada.inner_text(f"#post-{reply} .post-head")  # the reply she has not read yet
    with ada.expect_navigation():
        ada.click(f"form[action$='/posts/{reply}/helpful'] button")
    assert "1 found this helpful" in ada.inner_text(f"#post-{reply} .post-actions")

    ada.click("main .breadcrumb a[href$='/discussions']")  # back to the discussions and their search box
    ada.wait_for_url(f"**{COURSE}/discussions")
    ada.fill("#discussion-search-q", "makerspace")
    with ada.expect_navigation():
        ada.press("#discussion-search-q", "Enter")
    assert "1 result for “makerspace”." in ada.inner_text("#search-summary")
    assert ada.locator("main mark").all_inner_texts() == ["makerspace"]
    check_page_and_phone(ada, "discussions-journey-search")


def pin_and_hide(tutor, thread: str, reply: int) -> None:
    tutor.goto(thread)
    with tutor.expect_navigation():
        tutor.click("form[action$='/pin'] button")
    assert "Pinned" in tutor.inner_text("main")
    tutor.click(f"a[href$='/posts/{reply}/hide']")
    tutor.wait_for_url(f"**/posts/{reply}/hide")
    check_page_and_phone(tutor, "discussions-journey-hide")
    tutor.fill("#reason", "Please keep to the question asked.")
    with tutor.expect_navigation():
        tutor.click("main form button[type=submit]")
    tutor.goto(thread)
    assert "Hidden by a tutor: learners do not see these words." in tutor.inner_text(f"#post-{reply}")
    check_page_and_phone(tutor, "discussions-journey-thread-tutor")


def test_learners_talk_search_and_a_tutor_moderates(app, courses, site, new_page):
    make_learner(now=NOW, name="Ada Lovelace", email="ada@school.example")
    make_learner(now=NOW, name="Grace Hopper", email="grace@school.example")
    make_course_tutor("stem-careers", now=NOW, email="tess@school.example", name="Tess Tutor")

    ada = new_page()
    log_in(ada, site, "ada@school.example")
    thread, opening = start_a_thread(ada, site)

    grace = new_page()
    log_in(grace, site, "grace@school.example")
    reply = reply_quoting_by_keyboard(grace, site, thread, opening)

    read_mark_helpful_and_search(ada, site, thread, reply)

    tutor = new_page()
    log_in(tutor, site, "tess@school.example")
    pin_and_hide(tutor, thread, reply)

    ada.goto(f"{site}{COURSE}/discussions/forums/general")
    assert "Pinned" in ada.locator("ol.thread-list > li").filter(has_text=TITLE).inner_text()
    ada.goto(thread)
    assert ada.inner_text(f"#post-{reply} .removed") == "Hidden by a tutor."
    assert "makerspace" not in ada.inner_text("main")
    check_page_and_phone(ada, "discussions-journey-thread-hidden")
