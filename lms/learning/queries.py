"""Learning's read-only window onto the course tables: a learner's place in a course,
and units with their progress. Reads only; learning writes its own tables elsewhere."""

from __future__ import annotations

from sqlalchemy import Row, select
from sqlalchemy.orm import defer

from lms.core.extensions import db
from lms.courses.models import Course, Module, Run, Unit
from lms.learning.models import Enrolment, UnitProgress


def latest_enrolment_in(user_id: int, course_slug: str) -> Row | None:
    """(course, run, enrolment) of the user's latest enrolment in a live course."""
    return db.session.execute(
        select(Course, Run, Enrolment)
        .join(Run, Run.course_id == Course.id)
        .join(Enrolment, Enrolment.run_id == Run.id)
        .where(Course.slug == course_slug, Course.archived_at.is_(None), Enrolment.user_id == user_id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .limit(1)
    ).first()


def runs_of_course(course_slug: str) -> list[Run]:
    """The runs of a live course, earliest first."""
    return list(db.session.scalars(
        select(Run).join(Course, Course.id == Run.course_id)
        .where(Course.slug == course_slug, Course.archived_at.is_(None)).order_by(Run.starts_at, Run.id)))


def units_with_progress(module_id: int, enrolment_id: int, *, with_html: bool) -> list[tuple[Unit, bool]]:
    """The module's live units in order, each with whether the learner has marked it done."""
    query = (
        select(Unit, UnitProgress.id)
        .outerjoin(UnitProgress, (UnitProgress.unit_id == Unit.id) & (UnitProgress.enrolment_id == enrolment_id))
        .where(Unit.module_id == module_id, Unit.archived_at.is_(None))
        .order_by(Unit.position)
    )
    if not with_html:
        query = query.options(defer(Unit.html))
    return [(unit, done is not None) for unit, done in db.session.execute(query)]


def open_units_with_progress(module_ids: list[int], enrolment_id: int) -> list[Row]:
    """(unit id, unit slug, module id, progress id or None) across modules, in course order."""
    return db.session.execute(
        select(Unit.id, Unit.slug, Unit.module_id, UnitProgress.id)
        .join(Module, Module.id == Unit.module_id)
        .outerjoin(UnitProgress, (UnitProgress.unit_id == Unit.id) & (UnitProgress.enrolment_id == enrolment_id))
        .where(Unit.module_id.in_(module_ids), Unit.archived_at.is_(None))
        .order_by(Module.position, Unit.position)
    ).all()


def my_enrolments(user_id: int) -> list[Row]:
    """(enrolment, run, course) of every live course the user is enrolled in, newest first."""
    return db.session.execute(
        select(Enrolment, Run, Course)
        .join(Run, Run.id == Enrolment.run_id)
        .join(Course, Course.id == Run.course_id)
        .where(Enrolment.user_id == user_id, Course.archived_at.is_(None))
        .order_by(Enrolment.enrolled_at.desc())
    ).all()
