"""The schedule's read-only window onto courses and accounts: who moved what."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.models import Module
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
