"""Joining a run of a course."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.errors import EnrolmentClosed, NotFound
from lms.extensions import db
from lms.models import Course, Enrolment, Run, User
from lms.services.runs import is_enrolment_open


def enrol(user: User, run_id: int, *, course_slug: str, now: datetime) -> Enrolment:
    """Enrol ``user`` in the run; enrolling twice returns the first enrolment."""
    run = db.session.scalar(
        select(Run).join(Course, Course.id == Run.course_id).where(Run.id == run_id, Course.slug == course_slug)
    )
    if run is None:
        raise NotFound("No such run of this course.")
    existing = _find(user.id, run.id)
    if existing:
        return existing
    if not is_enrolment_open(run, now):
        raise EnrolmentClosed("This run has ended; enrolment is closed.")
    enrolment = Enrolment(user_id=user.id, run_id=run.id, enrolled_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(enrolment)
    except IntegrityError:  # the other click won the race
        return _find(user.id, run.id)
    return enrolment


def _find(user_id: int, run_id: int) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.run_id == run_id))
