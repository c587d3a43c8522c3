"""Learning's read-only window onto the course tables: a learner's place in a course,
and units with their progress. Reads only; learning writes its own tables elsewhere.

The hot reads (every module, unit and dashboard page) are Core statements built once,
here, returning read-only records (``lms.core.db.record_type``): building an ORM query
and loading entities cost ten times as much CPU as the database spent on them."""

from __future__ import annotations

from sqlalchemy import Row, bindparam, select

from lms.core.db import as_record, record_columns, split_row
from lms.core.extensions import db
from lms.courses.models import Course, Module, Run, Unit
from lms.learning.models import Enrolment, ModuleProgress, UnitProgress

_courses, _runs, _modules, _units = Course.__table__, Run.__table__, Module.__table__, Unit.__table__
_enrolments, _unit_progress, _module_progress = Enrolment.__table__, UnitProgress.__table__, ModuleProgress.__table__

_LATEST_ENROLMENT_IN = (
    select(*record_columns(Course), *record_columns(Run), *record_columns(Enrolment))
    .select_from(_courses)
    .join(_runs, _runs.c.course_id == _courses.c.id)
    .join(_enrolments, _enrolments.c.run_id == _runs.c.id)
    .where(_courses.c.slug == bindparam("course_slug"), _courses.c.archived_at.is_(None),
           _enrolments.c.user_id == bindparam("user_id"))
    .order_by(_enrolments.c.enrolled_at.desc(), _enrolments.c.id.desc())
    .limit(1)
)


def latest_enrolment_in(user_id: int, course_slug: str) -> tuple | None:
    """(course, run, enrolment) records of the user's latest enrolment in a live course."""
    row = db.session.execute(_LATEST_ENROLMENT_IN, {"course_slug": course_slug, "user_id": user_id}).first()
    return None if row is None else split_row(row, Course, Run, Enrolment)


def runs_of_course(course_slug: str) -> list[Run]:
    """The runs of a live course, earliest first."""
    return list(db.session.scalars(
        select(Run).join(Course, Course.id == Run.course_id)
        .where(Course.slug == course_slug, Course.archived_at.is_(None)).order_by(Run.starts_at, Run.id)))


def _units_with_progress(*, with_html: bool):
    return (
        select(*record_columns(Unit, leave_out=() if with_html else ("html",)), _unit_progress.c.id.is_not(None))
        .select_from(_units)
        .outerjoin(_unit_progress, (_unit_progress.c.unit_id == _units.c.id)
                   & (_unit_progress.c.enrolment_id == bindparam("enrolment_id")))
        .where(_units.c.module_id == bindparam("module_id"), _units.c.archived_at.is_(None))
        .order_by(_units.c.position)
    )


_UNITS_WITH_PROGRESS = {True: _units_with_progress(with_html=True), False: _units_with_progress(with_html=False)}


def units_with_progress(module_id: int, enrolment_id: int, *, with_html: bool) -> list[tuple[Unit, bool]]:
    """The module's live units (records) in order, each with whether the learner has marked it done."""
    rows = db.session.execute(_UNITS_WITH_PROGRESS[with_html], {"module_id": module_id, "enrolment_id": enrolment_id})
    return [(as_record(Unit, row[:-1]), bool(row[-1])) for row in rows]


_MODULE_PROGRESS = select(*record_columns(ModuleProgress)).where(
    _module_progress.c.enrolment_id == bindparam("enrolment_id"), _module_progress.c.module_id == bindparam("module_id"))


def module_progress(enrolment_id: int, module_id: int) -> ModuleProgress | None:
    """The learner's progress row (a record) in the module, if any work was recorded."""
    return as_record(ModuleProgress, db.session.execute(
        _MODULE_PROGRESS, {"enrolment_id": enrolment_id, "module_id": module_id}).first())


_PROGRESS_OF_ENROLMENTS = select(*record_columns(ModuleProgress)).where(
    _module_progress.c.enrolment_id.in_(bindparam("enrolment_ids", expanding=True)))


def progress_of_enrolments(enrolment_ids: list[int]) -> list[ModuleProgress]:
    """Every progress row (records) of these enrolments: one learner's courses."""
    return [as_record(ModuleProgress, row) for row in db.session.execute(
        _PROGRESS_OF_ENROLMENTS, {"enrolment_ids": list(enrolment_ids)})]


def open_units_with_progress(module_ids: list[int], enrolment_id: int) -> list[Row]:
    """(unit id, unit slug, module id, progress id or None) across modules, in course order."""
    return db.session.execute(
        select(Unit.id, Unit.slug, Unit.module_id, UnitProgress.id)
        .join(Module, Module.id == Unit.module_id)
        .outerjoin(UnitProgress, (UnitProgress.unit_id == Unit.id) & (UnitProgress.enrolment_id == enrolment_id))
        .where(Unit.module_id.in_(module_ids), Unit.archived_at.is_(None))
        .order_by(Module.position, Unit.position)
    ).all()


_MY_ENROLMENTS = (
    select(*record_columns(Enrolment), *record_columns(Run), *record_columns(Course))
    .select_from(_enrolments)
    .join(_runs, _runs.c.id == _enrolments.c.run_id)
    .join(_courses, _courses.c.id == _runs.c.course_id)
    .where(_enrolments.c.user_id == bindparam("user_id"), _courses.c.archived_at.is_(None))
    .order_by(_enrolments.c.enrolled_at.desc())
)


def my_enrolments(user_id: int) -> list[tuple]:
    """(enrolment, run, course) records of every live course the user is enrolled in, newest first."""
    return [split_row(row, Enrolment, Run, Course) for row in db.session.execute(_MY_ENROLMENTS, {"user_id": user_id})]
