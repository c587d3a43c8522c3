"""Quizzes and reflections through real HTTP, and the checklist they tick."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.learning.models import CourseCompletion, ModuleProgress
from lms.activities.models import QuizAttempt, Reflection
from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_learner, make_learner_client, make_tutor_client

MODULE = "/courses/practice/modules/basics/"
QUIZ = MODULE + "activities/check"
REFLECTION = MODULE + "activities/think"
PAGE = MODULE + "the-only-page"


def answer(client, answers: dict, attempt: int = 1):
    token = csrf_from(client.get(QUIZ).get_data(as_text=True))
    return client.post(QUIZ, data={"csrf_token": token, "attempt": attempt, **answers})


RIGHT = {"q0": "0", "q1": ["0", "1"]}
HALF = {"q0": "0", "q1": ["0", "2"]}


def test_quiz_page_never_sends_the_correct_answers_or_feedback_before_submission(client, practice):
    make_learner("practice", now=NOW, client=client)
    html = client.get(QUIZ).get_data(as_text=True)
    assert "Which colour is the sky on a clear day?" in html and "Calligraphy" in html
    for secret in ("correct", "scattering favours blue", "The M in STEM", "A fine art"):
        assert secret not in html


def test_a_passing_attempt_is_graded_on_the_server_with_feedback(client, practice):
    make_learner("practice", now=NOW, client=client)
    response = answer(client, RIGHT)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Attempt 1: 100% — passed" in html
    assert "Yes: scattering favours blue light." in html
    assert "✓ You passed this quiz." in html


def test_a_wrong_multiple_choice_answer_scores_nothing_for_that_question(client, practice):
    make_learner("practice", now=NOW, client=client)
    html = client.get(answer(client, HALF).headers["Location"]).get_data(as_text=True)
    assert "Attempt 1: 50% — not passed yet" in html
    assert "A fine art, not STEM." in html
    assert "The right answer" not in html  # not revealed while attempts remain
    assert "1 attempt left" in html and "(s)" not in html  # plain English, not "attempt(s)"


def test_answers_are_revealed_once_every_attempt_is_used(client, practice):
    make_learner("practice", now=NOW, client=client)
    answer(client, HALF, attempt=1)
    html = client.get(answer(client, HALF, attempt=2).headers["Location"]).get_data(as_text=True)
    assert "You have used every attempt at this quiz." in html
    assert "The right answer: “Mathematics”, “Engineering”" in re.sub(r"<[^>]+>", "", html)  # the options marked as the course's language
    assert answer(client, RIGHT, attempt=3).status_code == 400


def test_a_double_clicked_attempt_is_recorded_once(client, practice):
    make_learner("practice", now=NOW, client=client)
    token = csrf_from(client.get(QUIZ).get_data(as_text=True))
    for _ in range(2):
        client.post(QUIZ, data={"csrf_token": token, "attempt": 1, **HALF})
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 1


def test_an_unanswered_question_is_named_and_costs_no_attempt(client, practice):
    make_learner("practice", now=NOW, client=client)
    response = answer(client, {"q0": "0"})
    assert response.status_code == 422
    assert "Answer question 2." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0


def test_a_short_reflection_is_refused_with_the_word_count_and_the_text_kept(client, practice):
    make_learner("practice", now=NOW, client=client)
    response = submit(client, REFLECTION, {"text": "Too short here"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Write at least 5 words; you have 3 so far." in html
    assert "Too short here</textarea>" in html
    assert db.session.scalar(select(func.count()).select_from(Reflection)) == 0


def test_checklist_ticks_off_and_the_module_completes_exactly_when_its_rules_say(client, practice):
    make_learner("practice", now=NOW, client=client)
    def states():
        html = client.get(MODULE).get_data(as_text=True)
        return re.findall(r'<li class="req req-([a-z-]+)">', html)

    assert states() == ["to-do", "to-do", "to-do"]
    submit(client, PAGE + "/done", page=PAGE)
    assert states() == ["done", "to-do", "to-do"]
    answer(client, RIGHT)
    assert states() == ["done", "done", "to-do"]
    assert db.session.scalar(select(ModuleProgress.completed_at)) is None
    response = submit(client, REFLECTION, {"text": "I learned that the sky is blue and STEM is broad."})
    assert "Module complete: “Basics”. Well done!" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert states() == ["done", "done", "done"]
    assert "✓ Module complete" in client.get(MODULE).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 0  # module 2 remains


def test_course_completes_when_every_module_is_complete(client, practice):
    make_learner("practice", now=NOW, client=client)
    submit(client, PAGE + "/done", page=PAGE)
    answer(client, RIGHT)
    submit(client, REFLECTION, {"text": "I learned that the sky is blue and STEM is broad."})
    for unit in ("first-page", "second-page"):
        url = f"/courses/practice/modules/reading-only/{unit}"
        response = submit(client, url + "/done", page=url)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You have completed the course “Practice Course”!" in html
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 1
    assert "✓ Course complete" in client.get("/dashboard").get_data(as_text=True)


def test_dashboard_shows_what_remains_for_each_open_module(client, practice):
    make_learner("practice", now=NOW, client=client)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Pass the quiz" in html and "Submit your reflection" in html
    assert "0 of 2 modules complete" in html


def test_closed_window_says_so_and_refuses_new_work(app, client, practice):
    make_learner("practice", now=NOW, client=client)
    app.config["FIXED_NOW"] = "2017-12-01T10:00:00+00:00"
    assert re.findall(r'<li class="req req-([a-z-]+)">', client.get(MODULE).get_data(as_text=True)) == ["closed"] * 3
    assert "nothing new can be submitted" in client.get(QUIZ).get_data(as_text=True)
    assert answer(client, RIGHT).status_code == 400
    assert db.session.scalar(select(func.count()).select_from(QuizAttempt)) == 0


def test_tutor_reads_results_and_reflections_of_their_learners_only(app, client, practice):
    author = make_learner("practice", now=NOW, client=client)
    answer(client, HALF)
    submit(client, REFLECTION, {"text": "A private thought about my own school and its plans."})
    reflection_id = db.session.scalar(select(Reflection.id))

    _, tutor_client = make_tutor_client(app, "practice", now=NOW)
    table = tutor_client.get("/tutor/courses/practice/runs/open/answers").get_data(as_text=True)
    assert author.name in table and "50%" in table
    assert "A private thought" in tutor_client.get(f"/tutor/reflections/{reflection_id}").get_data(as_text=True)
    # The author can read their own.
    assert client.get(f"/tutor/reflections/{reflection_id}").status_code == 200


def test_another_learners_reflection_is_refused_by_guessed_id(app, client, practice):
    make_learner("practice", now=NOW, client=client)
    submit(client, REFLECTION, {"text": "A private thought about my own school and its plans."})
    reflection_id = db.session.scalar(select(Reflection.id))
    _, nosy = make_learner_client(app, "practice", now=NOW)
    response = nosy.get(f"/tutor/reflections/{reflection_id}")
    assert response.status_code == 404
    assert "A private thought" not in response.get_data(as_text=True)
    assert nosy.get("/tutor/courses/practice/runs/open/answers").status_code == 403


def test_a_tampered_attempt_number_is_treated_as_a_stale_page_not_a_crash(client, practice):
    make_learner("practice", now=NOW, client=client)
    response = answer(client, RIGHT, attempt="abc")
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)
