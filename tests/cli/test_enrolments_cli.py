"""`flask enrolments add|remove`: the enrolment service from the command line."""

from __future__ import annotations

from lms.core.extensions import db
from lms.learning import services as learning
from tests.conftest import NOW
from tests.factories import make_user, run_of


def enrolments(runner, *args: str):
    return runner.invoke(args=["enrolments", *args])


def test_add_enrols_in_the_open_run_once_and_the_learner_can_then_read(runner, courses):
    user = make_user(now=NOW)
    first = enrolments(runner, "add", "--email", user.email, "--course", "stem-careers")
    assert first.exit_code == 0, first.output
    assert first.output == f"{user.email} is now enrolled in stem-careers, run autumn-2017 (Autumn 2017).\n"
    again = enrolments(runner, "add", "--email", user.email, "--course", "stem-careers", "--run", "autumn-2017")
    assert again.output == f"{user.email} was already enrolled in stem-careers, run autumn-2017 (Autumn 2017).\n"
    learning.complete_unit(user, "stem-careers", "introduction", "welcome-and-how-the-course-works", now=NOW)  # no "not enrolled"


def test_add_names_what_is_wrong(runner, courses):
    user = make_user(now=NOW)
    cases = {
        ("--email", "nobody@example.org", "--course", "stem-careers"): "No account with the e-mail nobody@example.org.",
        ("--email", user.email, "--course", "knitting"): "No course 'knitting'",
        ("--email", user.email, "--course", "stem-careers", "--run", "spring-2099"):
            "No run 'spring-2099' of stem-careers. Its runs: autumn-2017.",
    }
    for args, message in cases.items():
        result = enrolments(runner, "add", *args)
        assert result.exit_code == 1 and message in result.output, result.output


def test_remove_takes_a_learner_out_unless_work_is_recorded(runner, courses):
    from lms.activities import services as activities

    reader, answerer = make_user(now=NOW), make_user(now=NOW)
    for user in (reader, answerer):
        assert enrolments(runner, "add", "--email", user.email, "--course", "stem-careers").exit_code == 0
    learning.complete_unit(reader, "stem-careers", "introduction", "welcome-and-how-the-course-works", now=NOW)
    activities.submit_quiz(answerer, "stem-careers", "introduction", "course-basics", answers=[[0]] * 5, attempt_number=1, now=NOW)

    removed = enrolments(runner, "remove", "--email", reader.email, "--course", "stem-careers")
    assert removed.exit_code == 0 and removed.output == f"{reader.email} is no longer enrolled in stem-careers, run autumn-2017.\n"
    assert learning.latest_enrolment(reader.id, [run_of("stem-careers").id]) is None
    kept = enrolments(runner, "remove", "--email", answerer.email, "--course", "stem-careers")
    assert kept.exit_code == 1 and "has work recorded in this run" in kept.output
    assert learning.latest_enrolment(answerer.id, [run_of("stem-careers").id]) is not None
    again = enrolments(runner, "remove", "--email", reader.email, "--course", "stem-careers")
    assert again.exit_code == 1 and f"{reader.email} is not enrolled in stem-careers." in again.output


def test_remove_keeps_an_enrolment_whose_module_was_completed_by_reading_alone(runner, practice):
    reader = make_user(now=NOW)
    assert enrolments(runner, "add", "--email", reader.email, "--course", "practice").exit_code == 0
    for page in ("first-page", "second-page"):  # the whole module: no quiz, no reflection, no peer work
        learning.complete_unit(reader, "practice", "reading-only", page, now=NOW)
    db.session.commit()
    kept = enrolments(runner, "remove", "--email", reader.email, "--course", "practice")
    assert kept.exit_code == 1 and "has completed modules in this run" in kept.output
    assert learning.latest_enrolment(reader.id, [run_of("practice").id]) is not None
