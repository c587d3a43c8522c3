"""Quiz item analysis: per question the share of attempts answering it right, per option the share
choosing it, counted by the database from the attempts' JSON answers; a question whose wrong option
beats the right one is pointed out. First attempts by default, every attempt on request."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import Activity, Course, Module
from tests.cohort.lab import OVERVIEW, RIGHT, cohort_fixture, day, lab_fixture, learner, quiz, read, table, text  # noqa: F401  (fixtures)
from tests.conftest import NOW
from tests.factories import log_in, make_course_tutor, make_tutor_client, make_user

OPTIONS = ["Option", "Right answer", "Attempts choosing it"]


def activity_id(slug: str, course: str = "lab") -> int:
    return db.session.scalar(select(Activity.id).join(Module, Module.id == Activity.module_id)
                             .join(Course, Course.id == Module.course_id).where(Course.slug == course, Activity.slug == slug))


@pytest.fixture
def tutor(app, lab):
    return make_tutor_client(app, "lab", now=NOW)[1]


def items(client, query: str = "") -> str:
    response = client.get(f"{OVERVIEW}quizzes/{activity_id('check')}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_first_attempts_per_question_and_per_option(cohort, tutor):
    html = items(tutor)
    words = text(html)
    assert "Counted over 4 first attempts: each learner's first try, before any feedback." in words
    # Cy, Ed and Flo chose Mercury, Di chose Venus; Flo's failed first attempt got it right, Di's did not.
    assert ("Question 1 Which planet is closest to the Sun? Answered right: 3 of 4 (75%). "
            "In attempts that did not pass the quiz: 1 of 2 (50%).") in words
    assert table(html, index=0) == [OPTIONS, ["Mercury", "✓ right", "3 (75%)"],
                                    ["Venus", "wrong", "1 (25%)"], ["Mars", "wrong", "0 (0%)"]]
    # Everyone chose Two; Flo forgot Three.
    assert "Question 2 Which of these are prime numbers? Answered right: 3 of 4 (75%)." in words
    assert table(html, index=1) == [OPTIONS, ["Two", "✓ right", "4 (100%)"], ["Three", "✓ right", "3 (75%)"],
                                    ["Four", "wrong", "0 (0%)"]]
    assert "check the answer key" not in words


def test_every_attempt_on_request(cohort, tutor):
    html = items(tutor, "?attempts=all")
    words = text(html)
    assert "Counted over every attempt: 6 in all." in words  # Di's and Flo's second attempts too
    assert "Answered right: 5 of 6 (83%)." in words
    assert table(html, index=0)[1:3] == [["Mercury", "✓ right", "5 (83%)"], ["Venus", "wrong", "1 (17%)"]]
    assert table(html, index=1)[1:3] == [["Two", "✓ right", "6 (100%)"], ["Three", "✓ right", "5 (83%)"]]
    assert "Counted over 4 first attempts" in text(items(tutor, "?attempts=%00' OR 1=1"))  # anything else: first attempts


def test_a_wrong_option_chosen_more_than_the_right_one_is_pointed_out(lab, tutor):
    for name, first in (("Ann", 1), ("Bob", 1), ("Cy", 2), ("Di", 0)):
        person = learner(name)
        read(person, "start", "welcome", day(1))
        quiz(person, [[first], [0, 1]], 1, day(1))
    words = text(items(tutor))
    question_1, question_2 = words.split("Question 2")
    assert "A wrong option was chosen more often than a right one: check the answer key and the wording." in question_1
    assert "Answered right: 1 of 4 (25%)." in question_1
    assert "check the answer key" not in question_2 and "Answered right: 4 of 4 (100%)." in question_2


def test_a_quiz_nobody_tried(tutor):
    assert "Nobody in this run has tried this quiz yet." in text(items(tutor))


def test_only_a_live_quiz_of_the_course_for_its_tutors(app, cohort, tutor, practice):
    for other in ("notes", "plan"):  # a reflection and an assignment of the course
        assert tutor.get(f"{OVERVIEW}quizzes/{activity_id(other)}").status_code == 404
    assert tutor.get(f"{OVERVIEW}quizzes/{activity_id('check', 'practice')}").status_code == 404  # another course's quiz
    for odd in ("999999", "2147483648", "-1", "x"):
        assert tutor.get(f"{OVERVIEW}quizzes/{odd}").status_code == 404
    other_tutor = app.test_client()
    make_course_tutor("practice", now=NOW, client=other_tutor, email="otto@example.org")
    url = f"{OVERVIEW}quizzes/{activity_id('check')}"
    assert other_tutor.get(url).status_code == 404
    learner_client = app.test_client()
    log_in(learner_client, cohort.cy.email)
    assert learner_client.get(url).status_code == 404
    admin = make_user(email="admin@example.org", name="Ada Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()
    admin_client = app.test_client()
    log_in(admin_client, admin.email)
    assert admin_client.get(url).status_code == 200
