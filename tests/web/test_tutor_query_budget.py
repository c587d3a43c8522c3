"""The tutors' pages of a run (its quiz and reflection answers, an assignment's submissions) cost the
same whatever the cohort: the same SQL statements, none binding a parameter per learner, and a page
of 50 rows at most, for a run of 3 learners as for a run of 120."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.activities import services as activities
from lms.core.extensions import db
from lms.peer_review import services as peer_review
from lms.peer_review.models import Submission
from tests.conftest import NOW
from tests.factories import make_enrolment, make_tutor_client, make_user
from tests.peer_helpers import claim, review, submit

ANSWERS_BUDGET = 5  # the log-in, the run and its tutor, the activities with their totals, the count, the page
ASSIGNMENT_BUDGET = 6  # the log-in, the context, the counts, and one statement per list


def visit(client, url: str, record_sql) -> tuple[list[tuple[str, int]], str]:
    with record_sql() as seen:
        response = client.get(url)
    assert response.status_code == 200
    return seen, response.get_data(as_text=True)


def grow_practice_run(start: int, stop: int) -> None:
    """Learners ``start``..``stop - 1`` of the practice run, names of one width; every learner tries the
    quiz, every other one passes it, every third writes the reflection."""
    for number in range(start, stop):
        user = make_user(email=f"l{number:04d}@school.example", name=f"Learner {number:04d}", now=NOW)
        make_enrolment(user, "practice", now=NOW)
        activities.submit_quiz(user, "practice", "basics", "check", answers=[[0], [0, 1] if number % 2 else [0, 2]],
                               attempt_number=1, now=NOW)
        if number % 3 == 0:
            activities.submit_reflection(user, "practice", "basics", "think", text="What I learned about my school.", now=NOW)
        db.session.commit()


def test_the_answers_page_costs_the_same_for_3_learners_as_for_120(app, practice, record_sql):
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    url = "/tutor/courses/practice/runs/open/answers"
    grow_practice_run(0, 3)
    small, small_html = visit(tutor, url, record_sql)
    grow_practice_run(3, 60)
    middle, middle_html = visit(tutor, url, record_sql)
    grow_practice_run(60, 120)
    large, large_html = visit(tutor, url, record_sql)

    assert len(small) <= ANSWERS_BUDGET, "\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert max(count for _, count in large) == max(count for _, count in small)  # no parameter per learner
    assert large_html.count('<th scope="row">Learner ') == 50 and "Learners 1–50 of 120" in large_html
    assert "Learner 0049" in large_html and "Learner 0050" not in large_html
    # A full page weighs the same whether 60 or 120 learners follow: only the totals' digits differ.
    assert abs(len(large_html) - len(middle_html)) < 100
    assert "60 passed (50%)" in large_html and "40 written (33%)" in large_html  # counted over the whole run


def grow_peer_run(start: int, stop: int) -> None:
    """Learners ``start``..``stop - 1`` of the peer run submit; each new one reviews the oldest work
    still short of reviews, so reviews, claims and the tutor queue all have rows."""
    for number in range(start, stop):
        user = make_user(email=f"p{number:04d}@school.example", name=f"Peer {number:04d}", now=NOW)
        make_enrolment(user, "peer", now=NOW)
        submit(user, NOW + timedelta(minutes=number))
        if number % 2:
            review(user, NOW + timedelta(minutes=number))
        elif number % 5 == 0:
            claim(user, NOW + timedelta(minutes=number))
    peer_review.escalate_unreviewed(now=NOW + timedelta(days=4))
    db.session.commit()


def test_the_assignment_tutor_page_costs_the_same_for_3_submissions_as_for_120(app, peer_course, record_sql):
    _, tutor = make_tutor_client(app, "peer", now=NOW)
    grow_peer_run(0, 3)
    url = f"/tutor/courses/peer/runs/cohort/assignments/{db.session.scalar(select(Submission.activity_id))}"
    small, _ = visit(tutor, url, record_sql)
    grow_peer_run(3, 60)
    middle, middle_html = visit(tutor, url, record_sql)
    grow_peer_run(60, 120)
    large, large_html = visit(tutor, url, record_sql)

    assert len(small) <= ASSIGNMENT_BUDGET, "\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert max(count for _, count in large) == max(count for _, count in small)  # no parameter per learner
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 120
    submissions = large_html[large_html.index("<h2>Submissions"):]
    assert submissions.count('<th scope="row">') == 50 and "Submissions 1–50 of 120" in submissions
    assert abs(len(large_html) - len(middle_html)) < 200  # the same 50 rows; only counts and the queue's page differ
