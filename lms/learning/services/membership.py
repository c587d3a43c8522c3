"""Who is in a run, as its tutors change it (``lms.roster`` calls these after its own checks):
enrolling many accounts at once, unenrolling (the row and every piece of work stay; the pages
treat the learner as not enrolled), a personal deadline, moving an enrolment to another run of
the course with its progress. And the one rule for when a learner's window closes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.core.db import chunks, insert_ignoring_duplicates
from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.learning.models import Enrolment

if TYPE_CHECKING:
    from lms.courses.models import Run


def closes_at(run: Run, enrolment: Enrolment | None) -> datetime | None:
    """When the run's window closes for this learner: the run's end, or their personal deadline
    if a tutor gave them a later one. None: the run never closes."""
    if run.ends_at is None:
        return None
    deadline = enrolment.deadline_at if enrolment is not None else None
    return max(run.ends_at, deadline) if deadline is not None else run.ends_at


def window_closed(run: Run, enrolment: Enrolment | None, now: datetime) -> bool:
    """Has the window closed for this learner (progress no longer recorded)?"""
    ends = closes_at(run, enrolment)
    return ends is not None and now >= ends


@dataclass
class EnrolledMany:
    """What enrolling a list of accounts did, as user ids."""

    new: list[int] = field(default_factory=list)
    restored: list[int] = field(default_factory=list)  # had been unenrolled: back, with their work
    already: list[int] = field(default_factory=list)


def enrol_users(user_ids: Sequence[int], run_id: int, *, now: datetime) -> EnrolledMany:
    """Enrol these accounts in the run, open for enrolment or not (a tutor's doing). Whoever had
    been unenrolled comes back with their work. New rows go in with ON CONFLICT DO NOTHING, so
    two uploads at once (a double click) enrol each person once: the slower finds them there."""
    wanted = list(dict.fromkeys(user_ids))
    existing: dict[int, datetime | None] = {}
    for chunk in chunks(wanted):
        existing.update(db.session.execute(select(Enrolment.user_id, Enrolment.unenrolled_at).where(
            Enrolment.run_id == run_id, Enrolment.user_id.in_(chunk))).all())
    done = EnrolledMany()
    fresh = [user_id for user_id in wanted if user_id not in existing]
    for chunk in chunks(fresh):
        rows = [{"user_id": user_id, "run_id": run_id, "enrolled_at": now} for user_id in chunk]
        done.new += db.session.scalars(insert_ignoring_duplicates(Enrolment, conflict_columns=["user_id", "run_id"])
                                       .values(rows).returning(Enrolment.user_id)).all()
    withdrawn = [user_id for user_id, at in existing.items() if at is not None]
    for chunk in chunks(withdrawn):
        done.restored += db.session.scalars(update(Enrolment).where(
            Enrolment.run_id == run_id, Enrolment.user_id.in_(chunk), Enrolment.unenrolled_at.is_not(None))
            .values(unenrolled_at=None).returning(Enrolment.user_id), execution_options={"synchronize_session": False}).all()
    changed = set(done.new) | set(done.restored)
    done.already = [user_id for user_id in wanted if user_id not in changed]
    return done


def enrolment_in(user_id: int, run_id: int) -> Enrolment | None:
    """The user's enrolment in the run, unenrolled or not."""
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.run_id == run_id))


def _set(enrolment: Enrolment, **values) -> bool:
    """Change the enrolment's row if it differs; True if something changed."""
    changes = {name: value for name, value in values.items() if getattr(enrolment, name) != value}
    for name, value in changes.items():
        setattr(enrolment, name, value)
    return bool(changes)


def unenrol(enrolment: Enrolment, *, now: datetime) -> bool:
    """Take the learner out of the run; their work stays. False if they were out already."""
    return enrolment.unenrolled_at is None and _set(enrolment, unenrolled_at=now)


def reenrol(enrolment: Enrolment) -> bool:
    """Bring an unenrolled learner back, with their work. False if they were in already."""
    return _set(enrolment, unenrolled_at=None)


def set_deadline(enrolment: Enrolment, deadline: datetime | None) -> bool:
    """Give the learner a personal deadline (None takes it away); True if it changed."""
    return _set(enrolment, deadline_at=deadline)


def move_enrolment(enrolment: Enrolment, to_run_id: int) -> None:
    """Move the enrolment, and so its progress (pages read, modules, completion, quiz attempts,
    reflections point at it), to another run. A personal deadline belonged to the old run's
    window and goes. An enrolment already there (a twin request) refuses it."""
    try:
        with db.session.begin_nested():
            enrolment.run_id, enrolment.deadline_at = to_run_id, None
            db.session.flush()
    except IntegrityError:
        raise DomainError(gettext("This learner is already in that run.")) from None
