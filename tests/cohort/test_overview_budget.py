"""The overview, the modules table and the item analysis cost the same whatever the cohort: the same
SQL statements, none binding a parameter per learner, for a run of 3 learners as for 120; and a
page asked for again within the minute runs only the log-in and the tutor's right to see the run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.courses.models import Activity
from lms.learning.models import Enrolment
from lms.peer_review import services as peer_review
from tests.cohort.lab import LATER, OVERVIEW, RIGHT, day, lab_fixture, learner, quiz, read, reflect, submit_plan  # noqa: F401  (fixtures)
from tests.conftest import NOW
from tests.factories import make_tutor_client

OVERVIEW_BUDGET = 6  # the log-in, the run, the tutor's right; the run's overrides, its activity, its totals
MODULES_BUDGET = 7  # the log-in, the run, the right; the overrides, the progress with medians, the activities, the enrolled
ITEMS_BUDGET = 5  # the log-in, the run, the right; the quiz, its counts
KEPT_BUDGET = 3  # the log-in, the run, the right: the figures of the minute are kept


def grow(start: int, stop: int) -> None:
    """Learners ``start``..``stop - 1`` of the lab run: all read module 1's page and try its quiz (every
    other one right), every other one writes module 2's reflection, every third submits peer work and
    every sixth reviews someone's."""
    for number in range(start, stop):
        person = learner(f"Learner {number:04d}")
        read(person, "start", "welcome", day(1, number / 60))
        quiz(person, RIGHT if number % 2 else [[1], [0]], 1, day(1, number / 60))
        if number % 2:
            read(person, "think", "looking-back", day(8))
            reflect(person, day(8))
        if number % 3 == 0:
            submit_plan(person, day(15, number / 60))
        if number % 6 == 3:
            review, _ = peer_review.claim_next(person, "lab", "share", "plan", now=day(16))
            if review is not None:
                peer_review.submit_review(person, review.id, scores=[1], comments=[""], feedback="Fine.", now=day(16))
            db.session.commit()


@pytest.mark.parametrize("page, budget", [("", OVERVIEW_BUDGET), ("modules", MODULES_BUDGET), ("quizzes", ITEMS_BUDGET)])
def test_a_page_costs_the_same_for_3_learners_as_for_120(app, lab, record_sql, page, budget):
    _, tutor = make_tutor_client(app, "lab", now=NOW)
    url = OVERVIEW + page
    if page == "quizzes":
        url += f"/{db.session.scalar(select(Activity.id).where(Activity.slug == 'check'))}"
    minutes = iter(range(1, 100))

    def visit() -> list[tuple[str, int]]:
        app.config["FIXED_NOW"] = LATER + timedelta(minutes=next(minutes))  # a new minute: counted again
        with record_sql() as seen:
            response = tutor.get(url)
        assert response.status_code == 200
        with record_sql() as again:  # the same minute: kept
            assert tutor.get(url).status_code == 200
        assert len(again) == KEPT_BUDGET, "\n".join(statement for statement, _ in again)
        return seen

    grow(0, 3)
    visit()  # the course's modules are read once, then kept by their content hash
    small = visit()
    grow(3, 120)
    large = visit()
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 120
    assert len(small) <= budget, "\n\n".join(statement for statement, _ in small)
    assert [statement for statement, _ in large] == [statement for statement, _ in small]
    assert [count for _, count in large] == [count for _, count in small]  # no parameter per learner
