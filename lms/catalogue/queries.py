"""The catalogue's read-only window onto the course tables."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.courses.models import BadgeClass, Course, Module, Run


def live_courses_with_runs() -> tuple[list[Course], list[Run], dict[int, int]]:
    """Live courses by title, all their runs, and each course's number of live modules: three queries."""
    courses = list(db.session.scalars(select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)))
    runs = list(db.session.scalars(select(Run).where(Run.course_id.in_([c.id for c in courses]))))
    counts = dict(db.session.execute(
        select(Module.course_id, func.count()).where(Module.archived_at.is_(None)).group_by(Module.course_id)).all())
    return courses, runs, counts


def runs_of(course_id: int) -> list[Run]:
    return list(db.session.scalars(select(Run).where(Run.course_id == course_id).order_by(Run.starts_at)))


def badges_of(course_id: int) -> list[BadgeClass]:
    """The course's live badges: the modules' in course order, then the course's own."""
    return list(db.session.scalars(
        select(BadgeClass).outerjoin(Module, Module.id == BadgeClass.module_id)
        .where(BadgeClass.course_id == course_id, BadgeClass.archived_at.is_(None), Module.archived_at.is_(None))
        .order_by(BadgeClass.module_id.is_(None), Module.position)
    ))
