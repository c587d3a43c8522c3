"""The run's learners as SQL: who is enrolled, what each has completed, when each was last
active, and the filters the learner list, the exports and the announcements share. Read-only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select

from lms.accounts.models import User
from lms.courses.models import Module
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress

LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its own % and _ taken literally."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def modules_completed(course_id: int) -> ColumnElement[int]:
    """Per enrolment row of the outer query: its live modules completed (a correlated COUNT)."""
    return (
        select(func.count(ModuleProgress.id))
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(ModuleProgress.enrolment_id == Enrolment.id, ModuleProgress.completed_at.is_not(None),
               Module.course_id == course_id, Module.archived_at.is_(None))
        .correlate(Enrolment)
        .scalar_subquery()
    )


def completed_course() -> ColumnElement[bool]:
    return exists().where(CourseCompletion.enrolment_id == Enrolment.id).correlate(Enrolment)


def last_active() -> ColumnElement[datetime]:
    """When the learner last did anything (read a page, answered, submitted, reviewed)."""
    return Enrolment.last_active_at


def modules_due(due_by_enrolment: Sequence[datetime], due_for_all: int) -> ColumnElement[int]:
    """How many modules the learner should have completed by now: ``due_for_all`` (a run's
    schedule, the same for everyone), or, on a paced run, k when the enrolment is no later
    than ``due_by_enrolment[k-1]`` (the cut-offs, one per module, earliest enrolment last)."""
    if not due_by_enrolment:
        return literal(due_for_all)
    whens = [(Enrolment.enrolled_at <= cutoff, k) for k, cutoff in reversed(list(enumerate(due_by_enrolment, 1)))]
    return case(*whens, else_=due_for_all)


def search_clause(search: str) -> ColumnElement[bool]:
    """Name or e-mail holding ``search``, whatever the case. A substring cannot use a B-tree
    index: the scan is bounded by the run's enrolments (enrolments.run_id, then users by id)."""
    pattern = like_pattern(search.lower())
    return or_(func.lower(User.name).like(pattern, escape=LIKE_ESCAPE),
               func.lower(User.email).like(pattern, escape=LIKE_ESCAPE))


def status_clause(status: str, *, course_id: int, inactive_before: datetime, due: ColumnElement[int]) -> ColumnElement[bool] | None:
    """The learners in ``status``; None for everyone. Completed learners are neither behind nor
    inactive: they have nothing left to do."""
    if status == "completed":
        return completed_course()
    if status == "not_started":
        return and_(Enrolment.last_active_at.is_(None), modules_completed(course_id) == 0, ~completed_course())
    if status == "inactive":
        return and_(func.coalesce(Enrolment.last_active_at, Enrolment.enrolled_at) <= inactive_before, ~completed_course())
    if status == "behind":
        return and_(modules_completed(course_id) < due, ~completed_course())
    return None


def enrolled(run_id: int) -> Select:
    """The run's enrolments joined to their users (add columns and conditions)."""
    return select(User.id).select_from(Enrolment).join(User, User.id == Enrolment.user_id).where(Enrolment.run_id == run_id)
