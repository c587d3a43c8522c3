"""Builders with sensible defaults, so tests say only what matters to them."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from flask.testing import FlaskClient
from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.learning.models import Enrolment
from lms.accounts.models import User
from lms.accounts.services import register_user
from lms.awards.models import Assertion
from lms.awards.services import award_by_hand
from lms.courses.services.staffing import make_tutor
from lms.learning.services.enrolment import enrol
from lms.peer_review.models import Submission

PASSWORD = "correct horse battery"
_numbers = count(1)


def make_user(*, email: str | None = None, name: str = "Ada Learner", timezone: str = "Europe/Brussels", now: datetime) -> User:
    user = register_user(
        email=email or f"learner{next(_numbers)}@example.org", name=name, password=PASSWORD,
        timezone=timezone, language="en", now=now,
    )
    db.session.commit()
    return user


def run_of(course_slug: str, run_slug: str | None = None) -> Run:
    query = select(Run).join(Course, Course.id == Run.course_id).where(Course.slug == course_slug)
    if run_slug:
        query = query.where(Run.slug == run_slug)
    return db.session.scalar(query.order_by(Run.starts_at))


def make_enrolment(user: User, course_slug: str = "stem-careers", *, now: datetime) -> Enrolment:
    enrolment = enrol(user, run_of(course_slug).id, course_slug=course_slug, now=now)
    db.session.commit()
    return enrolment


def log_in(client, email: str, password: str = PASSWORD):
    from tests.conftest import submit

    return submit(client, "/login", {"email": email, "password": password})


def make_learner(course_slug: str = "stem-careers", *, now: datetime, name: str = "Ada Learner", email: str | None = None,
                 timezone: str = "Europe/Brussels", client=None) -> User:
    """A user enrolled in the course's first run, logged in on ``client`` when one is given."""
    user = make_user(email=email, name=name, timezone=timezone, now=now)
    make_enrolment(user, course_slug, now=now)
    if client is not None:
        log_in(client, user.email)
    return user


def make_learner_client(app, course_slug: str = "stem-careers", *, now: datetime, **profile) -> tuple[User, FlaskClient]:
    """A learner (``profile`` as for make_learner) logged in on a client of their own."""
    client = app.test_client()
    return make_learner(course_slug, now=now, client=client, **profile), client


def make_course_tutor(course_slug: str, *, now: datetime, name: str = "Tess Tutor", email: str | None = None,
                      timezone: str = "Europe/Brussels", client=None) -> User:
    """A user who tutors the course, logged in on ``client`` when one is given."""
    user = make_user(email=email or f"tutor{next(_numbers)}@example.org", name=name, timezone=timezone, now=now)
    make_tutor(user, course_slug)
    db.session.commit()
    if client is not None:
        log_in(client, user.email)
    return user


def make_tutor_client(app, course_slug: str, *, now: datetime, **profile) -> tuple[User, FlaskClient]:
    """A tutor of the course (``profile`` as for make_course_tutor) logged in on a client of their own."""
    client = app.test_client()
    return make_course_tutor(course_slug, now=now, client=client, **profile), client


def make_submission_with_reviews(now: datetime, reviews: int = 2) -> tuple[User, Submission]:
    """A learner's work in the peer fixture course, reviewed by ``reviews`` peers who submitted after them."""
    from tests.peer_helpers import author_of, review, submit

    author = make_learner("peer", now=now)
    peers = [make_learner("peer", now=now) for _ in range(reviews)]
    for person in (author, *peers):
        submit(person, now)
    for peer in peers:
        while author_of(review(peer, now)) != author.id:  # the queue spreads work: review on until handed the author's
            pass
    mine = select(Submission).join(Enrolment, Enrolment.id == Submission.enrolment_id).where(Enrolment.user_id == author.id)
    return author, db.session.scalar(mine)


def make_awarded_badge(user: User, badge_slug: str, *, now: datetime, reason: str = "Awarded by hand in a test.") -> Assertion:
    """``user`` (enrolled in the badge's course) holds the badge, awarded by hand."""
    assertion, _ = award_by_hand(None, email=user.email, badge_slug=badge_slug, reason=reason, now=now)
    db.session.commit()
    return assertion
