"""A discussion prompt in Chromium: the sample course's introduction shows "Introduce yourself" as a
card on its page; the learner reaches "Join the discussion" by the keyboard, answers the prompt, and
the module's checklist then says the contribution is posted. Each page: axe finds no serious or
critical issue and it fits a phone 390 px wide (screenshots: test-artifacts/screens/blocks-*)."""

from __future__ import annotations

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page_and_phone, new_page, site, tab_to  # noqa: F401  (fixtures)
from tests.e2e.test_journey import log_in
from tests.factories import make_learner

pytestmark = pytest.mark.slow  # a real browser

MODULE = "/courses/stem-careers/modules/introduction/"


def test_a_learner_answers_the_introduction_prompt_from_its_card_by_keyboard(app, courses, site, new_page):  # noqa: F811
    make_learner(now=NOW, email="ada@school.example")
    page = new_page()
    log_in(page, site, "ada@school.example")

    page.goto(site + MODULE + "learning-in-a-community")
    card = page.locator("section.discussion-card")
    assert "Introduce yourself" in card.inner_text() and "one question" in card.inner_text()
    check_page_and_phone(page, "blocks-unit-with-prompt")
    tab_to(page, "section.discussion-card a.button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/discussions/forums/introduction/new?prompt=introduce-yourself")
    assert "Introduce yourself" in page.inner_text("main")  # the prompt it answers
    check_page_and_phone(page, "blocks-new-thread-from-prompt")
    page.fill("#title", "Careers counsellor in a rural school")
    page.fill("#body", "I counsel 300 pupils aged 11 to 15. **My question:** how do you make a visit stick?")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "Your post is published." in page.inner_text("body")

    page.goto(site + MODULE)
    checklist = page.inner_text("ul.checklist")
    assert "Contribute to the discussion" in checklist and "1 of 1 contribution posted" in checklist
    line = page.locator("ul.checklist li", has_text="Contribute to the discussion")
    assert "Done" in line.inner_text()
    check_page_and_phone(page, "blocks-module-checklist")
