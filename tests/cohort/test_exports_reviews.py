"""The peer review results export: per piece of work, the reviews it received, its points (per
criterion the median of the counted reviews, added up, or a tutor's points), the reviews its author
gave; decimal numbers written as the separator's spreadsheets expect."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from lms.core.extensions import db
from lms.peer_review import services as peer_review
from tests.conftest import NOW
from tests.factories import make_course_tutor, make_learner
from tests.peer_helpers import PLACE, author_of, claim

EXPORT = "/tutor/courses/peer/runs/cohort/exports/reviews.csv"
BOM = b"\xef\xbb\xbf"
HEADER = ["Author", "E-mail", "Module", "Assignment", "Language", "Submitted (UTC)", "Reviews received",
          "Points (medians per criterion, added up)", "Maximum points", "Points set by a tutor", "Hidden by a tutor",
          "Reviews given by the author"]


def at(hour: int) -> datetime:
    return datetime(2017, 10, 1, hour, tzinfo=timezone.utc)


def review_until(reviewer, author, scores: list[int], now: datetime) -> None:
    """``reviewer`` reviews what the queue hands them (scoring others 1 and 0) until it is ``author``'s work."""
    while True:
        claimed = claim(reviewer, now)
        assert claimed is not None, "the queue ran dry before reaching the author"
        mine = author_of(claimed) == author.id
        peer_review.submit_review(reviewer, claimed.id, scores=scores if mine else [1, 0],
                                  comments=["Goals are clear enough.", ""], feedback="Thanks.", now=now)
        db.session.commit()
        if mine:
            return


@pytest.fixture
def reviewed(app, peer_course):
    """Ann's work (in French) reviewed by Rob (3, 1) and Ria (2, 1); Rob's and Ria's work as the queue
    hands them out (1, 0 each time); then a tutor sets Ria's points to 2 and 2."""
    people = [make_learner("peer", now=at(8), name=name, email=email)
              for name, email in (("Ann Author", "ann@example.org"), ("Rob Reviewer", "rob@example.org"),
                                  ("Ria Reviewer", "ria@example.org"))]
    for hour, (person, language) in enumerate(zip(people, ("fr", "en", "en")), start=9):
        peer_review.save_submission(person, *PLACE, text="My plan has five clear steps.", upload=None, upload_dir=None,
                                    max_bytes=0, now=at(hour), language=language)
        db.session.commit()
    ann, rob, ria = people
    review_until(rob, ann, [3, 1], at(12))
    review_until(ria, ann, [2, 1], at(13))
    tutor = make_course_tutor("peer", now=NOW, email="tess@example.org")
    submissions = {row.author: row.id for row in _submissions()}
    peer_review.override_result(tutor, submissions[ria.id], scores=[2, 2], reason="Reviewed by the tutor.", now=at(14))
    db.session.commit()
    return people


def _submissions():
    from sqlalchemy import select

    from lms.learning.models import Enrolment
    from lms.peer_review.models import Submission

    return db.session.execute(select(Enrolment.user_id.label("author"), Submission.id)
                              .join(Enrolment, Enrolment.id == Submission.enrolment_id)).all()


def read_csv(response, delimiter: str) -> list[list[str]]:
    body = response.get_data()
    assert response.status_code == 200 and body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM):].decode("utf-8"), newline=""), delimiter=delimiter))


@pytest.fixture
def tutor_client(app, reviewed):
    from tests.factories import log_in

    client = app.test_client()
    log_in(client, "tess@example.org")
    return client


def test_each_piece_of_work_with_its_reviews_points_and_the_reviews_its_author_gave(reviewed, tutor_client):
    assert read_csv(tutor_client.get(EXPORT + "?separator=comma"), ",") == [
        HEADER,
        ["Ann Author", "ann@example.org", "Your plan", "A plan for your school", "French", "2017-10-01 09:00:00",
         "2", "3.5", "5", "no", "no", "0"],
        ["Rob Reviewer", "rob@example.org", "Your plan", "A plan for your school", "English", "2017-10-01 10:00:00",
         "1", "1", "5", "no", "no", "1"],
        ["Ria Reviewer", "ria@example.org", "Your plan", "A plan for your school", "English", "2017-10-01 11:00:00",
         "0", "4", "5", "yes", "no", "2"],
    ]


def test_with_semicolons_a_decimal_number_has_a_decimal_comma(reviewed, tutor_client):
    rows = read_csv(tutor_client.get(EXPORT + "?separator=semicolon"), ";")
    assert rows[1][:1] + rows[1][6:9] == ["Ann Author", "2", "3,5", "5"]


def test_work_nobody_reviewed_yet_has_no_points(app, peer_course, tutor_client_alone):
    peer_review.save_submission(make_learner("peer", now=NOW, name="Solo", email="solo@example.org"), *PLACE,
                                text="My plan has five clear steps.", upload=None, upload_dir=None, max_bytes=0, now=NOW)
    db.session.commit()
    rows = read_csv(tutor_client_alone.get(EXPORT + "?separator=comma"), ",")
    assert rows[1] == ["Solo", "solo@example.org", "Your plan", "A plan for your school", "English",
                       "2017-10-03 10:00:00", "0", "", "5", "no", "no", "0"]


@pytest.fixture
def tutor_client_alone(app, peer_course):
    client = app.test_client()
    make_course_tutor("peer", now=NOW, email="tess@example.org", client=client)
    return client


def test_the_learner_filters_keep_the_rows_of_the_learners_who_match(reviewed, tutor_client):
    rows = read_csv(tutor_client.get(EXPORT + "?separator=comma&q=REVIEWER"), ",")
    assert [row[0] for row in rows[1:]] == ["Rob Reviewer", "Ria Reviewer"]
