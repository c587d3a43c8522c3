"""The schedule's read-only window onto courses, learning and accounts: who moved what, who is enrolled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.models import Module
from lms.learning.models import Enrolment
from lms.schedule.models import ScheduleChange


def changes_of(run_id: int, *, limit: int) -> list[tuple[ScheduleChange, Module, User]]:
    """The run's latest schedule changes with the module and the tutor who made each."""
    return list(db.session.execute(
        select(ScheduleChange, Module, User)
        .join(Module, Module.id == ScheduleChange.module_id)
        .join(User, User.id == ScheduleChange.changed_by_id)
        .where(ScheduleChange.run_id == run_id)
        .order_by(ScheduleChange.changed_at.desc(), ScheduleChange.id.desc())
        .limit(limit)
    ).all())


def count_learners_enrolled_by(run_id: int, when: datetime) -> int:
    """Learners of the run enrolled at ``when`` or before: who can open its open modules then."""
    return db.session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.run_id == run_id, Enrolment.enrolled_at <= when))
