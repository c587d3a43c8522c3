"""The overview, the modules table and a quiz's item analysis in Chromium, reached by the keyboard
alone from one page to the next: screenshots saved (test-artifacts/screens/cohort-lab-*), no
serious or critical axe issue, no sideways scrolling on a phone 390 px wide, no script at all, and
each chart a picture with a name and a description beside a table of its figures."""

from __future__ import annotations

import pytest

import tests.e2e.conftest as e2e
from tests.cohort.lab import LATER, OVERVIEW, cohort_fixture, lab_fixture  # noqa: F401  (fixtures)
from tests.conftest import NOW
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor

pytestmark = pytest.mark.slow  # a real browser

new_page, site = e2e.new_page, e2e.site  # the browser tests' fixtures (the browser is the suite's)


def follow_by_keyboard(page, selector: str) -> None:
    e2e.tab_to(page, selector)
    page.keyboard.press("Enter")


def test_a_tutor_reads_the_overview_the_modules_and_a_quiz_by_keyboard(app, cohort, site, new_page):
    make_course_tutor("lab", now=NOW, email="tess@lab.example")
    page = new_page()
    page.clock.set_fixed_time(LATER.timestamp())  # the relative times of the page ("1 week ago") as the tests expect
    log_in(page, site, "tess@lab.example")
    page.goto(f"{site}{OVERVIEW}")
    charts = page.locator("main .chart-pair svg[role=img]")
    assert charts.count() == 2
    for index in range(2):
        chart = charts.nth(index)
        labelled = chart.get_attribute("aria-labelledby").split()
        assert page.locator(f"#{labelled[0]}").text_content() in ("Completion funnel", "Weekly activity")
        assert len(page.locator(f"#{labelled[1]}").text_content()) > 40  # a description in words
        assert chart.locator("xpath=ancestor::div[contains(@class, 'chart-pair')]//table/caption").count() == 1
    assert page.locator("script").count() == 0
    e2e.check_page_and_phone(page, "cohort-lab-overview")

    follow_by_keyboard(page, "nav.cohort-nav a[href$='/modules']")
    page.wait_for_url("**/modules")
    assert "2.5 days" in page.inner_text("main table")
    e2e.check_page_and_phone(page, "cohort-lab-modules")

    follow_by_keyboard(page, "main a[href*='/quizzes/']")
    page.wait_for_url("**/quizzes/*")
    assert "Answered right: 3 of 4 (75%)." in page.inner_text("main")
    e2e.check_page_and_phone(page, "cohort-lab-quiz-items")
    follow_by_keyboard(page, "main a[href$='attempts=all']")
    page.wait_for_url("**attempts=all")
    assert "Counted over every attempt: 6 in all." in page.inner_text("main")
