"""Joining a run of a course."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.core.errors import EnrolmentClosed
from lms.core.extensions import db
from lms.courses.services import content
from lms.courses.services.runs import is_enrolment_open
from lms.learning.models import Enrolment

if TYPE_CHECKING:
    from lms.accounts.models import User


def enrol(user: User, run_id: int, *, course_slug: str, now: datetime) -> Enrolment:
    """Enrol ``user`` in the run; enrolling twice returns the first enrolment."""
    run = content.get_run_of(course_slug, run_id)
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


def latest_enrolment(user_id: int, run_ids: list[int]) -> Enrolment | None:
    """The user's latest enrolment among these runs."""
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.run_id.in_(run_ids))
        .order_by(Enrolment.enrolled_at.desc()).limit(1)
    )


def enrolled_user_ids(run_id: int, *, before=None):
    """A one-column select of the run's learners (those enrolled before ``before``, if given)."""
    query = select(Enrolment.user_id).where(Enrolment.run_id == run_id)
    return query.where(Enrolment.enrolled_at < before) if before is not None else query


def count_enrolled(run_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.run_id == run_id))
