"""A tutor looks at their cohort in Chromium: from the Teaching page to the run's overview (its
figures, the completion funnel and weekly activity charts), the learner list filtered to those
who have not started, and one learner's page. Every page is saved as a screenshot
(test-artifacts/screens/cohort-*), has no serious or critical axe issue, and fits a phone 390 px
wide without sideways scrolling; each chart has a text alternative and its figures in a table."""

from __future__ import annotations

import pytest

from lms.activities import services as activities
from lms.core.extensions import db
from tests.conftest import NOW
from tests.e2e.conftest import check_page_and_phone, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor, make_enrolment, make_user

pytestmark = pytest.mark.slow  # a real browser

RUN = "/tutor/courses/stem-careers/runs/autumn-2017/"
STARTED = 5
IDLE = 7
REFLECTION = "I want to show my class what engineers do all day. " * 9  # long enough for the module's 80 words


def seed_cohort() -> None:
    """Twelve learners: five answered the first quiz and wrote their reflection, seven did nothing."""
    for number in range(STARTED + IDLE):
        user = make_user(email=f"l{number:02d}@school.example", name=f"Learner {number:02d}", now=NOW)
        make_enrolment(user, now=NOW)
        if number < STARTED:
            activities.submit_quiz(user, "stem-careers", "introduction", "course-basics", answers=[[1]] * 5,
                                   attempt_number=1, now=NOW)
            activities.submit_reflection(user, "stem-careers", "introduction", "my-starting-point",
                                         text=REFLECTION, now=NOW)
    db.session.commit()
    make_course_tutor("stem-careers", now=NOW, email="tess@school.example")


def charts_without_text(page) -> list[str]:
    """Each picture in the main part of the page: decorative (hidden from assistive technology)
    or an image with a name and a description, its figures in a table beside it."""
    return page.evaluate("""() => {
        const text = ids => (ids || '').split(/\\s+/).map(id => document.getElementById(id))
            .filter(Boolean).map(node => node.textContent.trim()).join(' ').trim();
        const problems = [];
        document.querySelectorAll('main svg').forEach((svg, index) => {
            if (svg.getAttribute('aria-hidden') === 'true') return;
            const name = svg.getAttribute('aria-label') || text(svg.getAttribute('aria-labelledby'))
                || (svg.querySelector('title') || {}).textContent || '';
            const pair = svg.closest('.chart-pair');
            if (svg.getAttribute('role') !== 'img' || name.trim().length < 20) problems.push(`svg ${index}: no text alternative`);
            if (!pair || !pair.querySelector('table caption')) problems.push(`svg ${index}: no table of its figures`);
        });
        return problems;
    }""")


def test_a_tutor_reads_the_overview_the_learners_who_have_not_started_and_one_learner(app, courses, site, new_page):
    seed_cohort()
    tutor = new_page()
    log_in(tutor, site, "tess@school.example")
    tutor.click("nav >> text=Teaching")
    tutor.click(f"a[href='{RUN}']")  # the run's overview

    tutor.wait_for_url(f"**{RUN}")
    main = tutor.inner_text("main")
    assert "Learners enrolled\n12" in main and "Started\n5" in main, main[:600]
    assert tutor.locator("main svg[role=img]").count() == 2  # the funnel and the weekly activity
    assert charts_without_text(tutor) == []
    funnel = tutor.evaluate("() => document.querySelector('main svg[role=img] desc').textContent")
    assert "Of 12 learners enrolled, 5 started" in funnel
    check_page_and_phone(tutor, "cohort-overview")

    tutor.click("nav.cohort-nav >> text=Learners")
    tab_to(tutor, "#learners-status")  # the filter reached by the keyboard, and sent by it
    tutor.select_option("#learners-status", "not_started")
    tab_to(tutor, "form[role=search] button[type=submit]")
    tutor.keyboard.press("Enter")
    tutor.wait_for_url("**/learners?*status=not_started*")
    assert "7 learners of 12 match." in tutor.inner_text("main")
    assert tutor.locator("main table.learners tbody tr").count() == IDLE
    check_page_and_phone(tutor, "cohort-learners-not-started")

    tutor.goto(f"{site}{RUN}learners?q=Learner%2000")
    tutor.click("main table.learners >> text=Learner 00")
    tutor.wait_for_url("**/learners/*")
    main = tutor.inner_text("main")
    assert "l00@school.example" in main and "Quiz attempts" in main
    check_page_and_phone(tutor, "cohort-learner")
    tutor.click("main a[href*='/tutor/reflections/']")  # tutors may read a learner's reflections
    assert "I want to show my class what engineers do all day." in tutor.inner_text("main")
