"""A learner or tutor who reads French gets the learning, activity and schedule pages in French:
<html lang="fr">, dates, relative times, counts and percentages written by Babel the French way
(whatever the catalogues hold), and the course's own text marked with the course's language."""

from __future__ import annotations

import re

from lms.core.extensions import db
from tests.conftest import NOW, submit
from tests.factories import make_course_tutor, make_learner, make_tutor_client

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}
LOCKED = "/courses/stem-careers/modules/career-orientation-events/"
BEFORE_A_LOCKED_ONE = "/courses/stem-careers/modules/gender-stereotypes/"
REFLECTION = "/courses/practice/modules/basics/activities/think"
SCHEDULE = "/tutor/courses/stem-careers/runs/autumn-2017/schedule"
ANSWERS = "/tutor/courses/practice/runs/open/answers"


def reads_french(user) -> None:
    """The person's account says French (their browser asks for it too)."""
    user.language = "fr"
    db.session.commit()


def test_a_locked_module_says_in_french_when_it_opens_and_how_soon(client, courses):
    reads_french(make_learner(now=NOW, client=client))
    response = client.get(LOCKED, headers=FRENCH)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert '<html lang="fr">' in html
    # Module 7 opens on Monday 16 October 2017 at 09:00 in Brussels, 13 days after NOW.
    assert "lun. 16 oct. 2017, 09:00 CEST" in html
    assert "dans 2 semaines" in html
    assert '<h1 lang="en">Career orientation events on STEM education</h1>' in html  # the course's words


def test_a_module_page_in_french_dates_the_next_module_and_marks_the_course_text_as_english(client, courses):
    reads_french(make_learner(now=NOW, client=client))
    html = client.get(BEFORE_A_LOCKED_ONE, headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "lun. 9 oct. 2017, 09:00 CEST" in html  # when the next module opens
    assert re.search(r'<div class="module-head" lang="en">\s*<p class="breadcrumb">', html)
    assert re.search(r'<ul lang="en"><li>', html)  # the module's objectives, from the English course file


def test_a_reflection_in_french_shows_when_it_was_saved_and_the_prompt_in_the_courses_language(client, practice):
    reads_french(make_learner("practice", now=NOW, client=client))
    submit(client, REFLECTION, {"text": "A private thought about my own school and its plans."})
    html = client.get(REFLECTION, headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "mar. 3 oct. 2017, 12:00 CEST" in html  # last saved, 10:00 UTC in Brussels
    assert re.search(r'<div lang="en">\s*<h1>', html)


def test_the_answers_grid_in_french_writes_percentages_and_decimals_the_french_way(app, client, practice):
    from tests.web.test_activities import HALF, RIGHT, answer

    make_learner("practice", now=NOW, client=client)
    answer(client, RIGHT)
    twice = app.test_client()
    make_learner("practice", now=NOW, client=twice)
    answer(twice, HALF)
    answer(twice, HALF, attempt=2)
    make_learner("practice", now=NOW)
    tutor, tutor_client = make_tutor_client(app, "practice", now=NOW)
    reads_french(tutor)
    html = tutor_client.get(ANSWERS, headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "(33\u00a0%)" in html and "1,5" in html  # a no-break space before %, a decimal comma
    assert "100\u00a0% ✓" in html


def test_the_schedule_in_french_dates_the_run_the_french_way(client, courses):
    reads_french(make_course_tutor("stem-careers", now=NOW, timezone="Europe/London", client=client))
    html = client.get(SCHEDULE, headers=FRENCH).get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "lun. 25 sept. 2017, 08:00 BST" in html  # the run starts at 09:00 in Brussels
    assert 'value="2017-10-16T08:00"' in html  # the inputs stay ISO
    assert '<span lang="en">Opening Schools to STEM Careers</span>' in html
