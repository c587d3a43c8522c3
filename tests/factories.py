"""Builders with sensible defaults, so tests say only what matters to them."""

from __future__ import annotations

from datetime import datetime
from itertools import count

from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.learning.models import Enrolment
from lms.accounts.models import User
from lms.accounts.services import register_user
from lms.learning.services.enrolment import enrol

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
