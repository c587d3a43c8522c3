"""Following and names in Chromium with the keyboard alone: a learner chooses their role, country and
discussion e-mails on the account page, follows a thread with its button, and reaches a reply from
the notification. Screenshots saved (test-artifacts/screens/discussions-following*), no serious or
critical axe issue, no sideways scrolling on a phone 390 px wide."""

from __future__ import annotations

import pytest

import tests.e2e.conftest as e2e
from tests.conftest import NOW
from tests.discussions.builders import reply, start_thread
from tests.e2e.test_journey import log_in
from tests.factories import make_learner

pytestmark = pytest.mark.slow  # a real browser

new_page, site = e2e.new_page, e2e.site  # the browser tests' fixtures (the browser is the suite's)


def test_a_learner_names_themselves_follows_a_thread_and_reaches_the_reply_by_keyboard(app, courses, site, new_page):
    ada = make_learner(now=NOW, email="ada@school.example", name="Ada Lovelace")
    bea = make_learner(now=NOW, name="Bea Brown")
    thread = start_thread(bea, title="Careers fairs", text="How do you organise yours?").thread
    page = new_page()
    page.clock.set_fixed_time(NOW.timestamp())
    log_in(page, site, "ada@school.example")

    page.goto(f"{site}/account")
    e2e.tab_to(page, "#discussions-professional_role")
    page.keyboard.type("Lib")  # Librarian
    e2e.tab_to(page, "#discussions-country")
    page.keyboard.type("Germ")  # Germany
    e2e.tab_to(page, "#discussions-discussion_email-1")  # the checked one: arrows move among them
    page.keyboard.press("ArrowUp")  # Each reply, as it comes
    e2e.tab_to(page, "#discussion-settings ~ form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Your discussion settings are saved." in page.inner_text("main")
    assert page.eval_on_selector("#discussions-discussion_email-0", "input => input.checked")
    e2e.check_page_and_phone(page, "discussions-following-account")

    page.goto(f"{site}/courses/stem-careers/discussions/threads/{thread.id}")
    e2e.tab_to(page, "#follow button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "You follow this discussion." in page.inner_text("#follow")
    e2e.check_page_and_phone(page, "discussions-following-thread")

    answer = reply(ada, thread.id, "We invite parents who work in labs.")
    page.reload()
    assert "Ada Lovelace · Librarian · Germany" in page.inner_text(f"#post-{answer.post.id}-by")
    later = reply(bea, thread.id, "Thank you, Ada.")
    page.goto(f"{site}/notifications")
    e2e.check_page_and_phone(page, "discussions-following-notifications")
    e2e.tab_to(page, f"a[href$='#post-{later.post.id}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Thank you, Ada." in page.inner_text(f"#post-{later.post.id}")
