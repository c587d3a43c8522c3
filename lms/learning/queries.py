"""Learning's read-only window onto the course tables: a learner's place in a course,
and units with their progress. Reads only; learning writes its own tables elsewhere.

The hot reads (every module, unit and dashboard page) are Core statements built once,
here, returning read-only records (``lms.core.db.record_type``): building an ORM query
and loading entities cost ten times as much CPU as the database spent on them."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, select

from lms.core.db import as_record, record_columns, record_type, split_row
from lms.core.extensions import db
from lms.courses.models import Course, Module, ReleaseOverride, Run, Unit
from lms.learning.models import Enrolment, ModuleProgress, UnitProgress

_courses, _runs, _modules, _units = Course.__table__, Run.__table__, Module.__table__, Unit.__table__
_enrolments, _unit_progress, _module_progress = Enrolment.__table__, UnitProgress.__table__, ModuleProgress.__table__
_overrides = ReleaseOverride.__table__

_LATEST_ENROLMENT_IN = (
    select(*record_columns(Course), *record_columns(Run), *record_columns(Enrolment))
    .select_from(_courses)
    .join(_runs, _runs.c.course_id == _courses.c.id)
    .join(_enrolments, _enrolments.c.run_id == _runs.c.id)
    .where(_courses.c.slug == bindparam("course_slug"), _courses.c.archived_at.is_(None),
           _enrolments.c.user_id == bindparam("user_id"), _enrolments.c.unenrolled_at.is_(None))
    .order_by(_enrolments.c.enrolled_at.desc(), _enrolments.c.id.desc())
    .limit(1)
)


def latest_enrolment_in(user_id: int, course_slug: str) -> tuple | None:
    """(course, run, enrolment) records of the user's latest enrolment in a live course (not one
    a tutor has unenrolled them from)."""
    row = db.session.execute(_LATEST_ENROLMENT_IN, {"course_slug": course_slug, "user_id": user_id}).first()
    return None if row is None else split_row(row, Course, Run, Enrolment)


def runs_of_course(course_slug: str) -> list[Run]:
    """The runs of a live course, earliest first."""
    return list(db.session.scalars(
        select(Run).join(Course, Course.id == Run.course_id)
        .where(Course.slug == course_slug, Course.archived_at.is_(None)).order_by(Run.starts_at, Run.id)))


def _units_with_progress(*, with_html: bool):
    """Driven from the module's row, so that a module without live units still brings its progress."""
    return (
        select(*record_columns(Unit, leave_out=() if with_html else ("html",)), _unit_progress.c.id.is_not(None),
               *record_columns(ModuleProgress))
        .select_from(_modules)
        .outerjoin(_units, (_units.c.module_id == _modules.c.id) & _units.c.archived_at.is_(None))
        .outerjoin(_unit_progress, (_unit_progress.c.unit_id == _units.c.id)
                   & (_unit_progress.c.enrolment_id == bindparam("enrolment_id")))
        .outerjoin(_module_progress, (_module_progress.c.module_id == _modules.c.id)
                   & (_module_progress.c.enrolment_id == bindparam("enrolment_id")))
        .where(_modules.c.id == bindparam("module_id"))
        .order_by(_units.c.position)
    )


_UNITS_WITH_PROGRESS = {True: _units_with_progress(with_html=True), False: _units_with_progress(with_html=False)}


def units_with_progress(
    module_id: int, enrolment_id: int, *, with_html: bool
) -> tuple[list[tuple[Unit, bool]], ModuleProgress | None]:
    """The module's live units (records) in order, each with whether the learner has marked it
    done, and the learner's progress row in the module (None before any work): one query."""
    rows = db.session.execute(_UNITS_WITH_PROGRESS[with_html], {"module_id": module_id, "enrolment_id": enrolment_id}).all()
    width = record_type(Unit).width
    units = [(as_record(Unit, row[:width]), bool(row[width])) for row in rows if row[0] is not None]
    progress = as_record(ModuleProgress, rows[0][width + 1:]) if rows and rows[0][width + 1] is not None else None
    return units, progress


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
    .where(_enrolments.c.user_id == bindparam("user_id"), _courses.c.archived_at.is_(None),
           _enrolments.c.unenrolled_at.is_(None))
    .order_by(_enrolments.c.enrolled_at.desc())
)


def my_enrolments(user_id: int) -> list[tuple]:
    """(enrolment, run, course) records of every live course the user is enrolled in, newest first."""
    return [split_row(row, Enrolment, Run, Course) for row in db.session.execute(_MY_ENROLMENTS, {"user_id": user_id})]


_MY_MODULES = (
    select(_enrolments.c.id, *record_columns(Module), _overrides.c.opens_at, *record_columns(ModuleProgress))
    .select_from(_enrolments)
    .join(_runs, _runs.c.id == _enrolments.c.run_id)
    .join(_modules, (_modules.c.course_id == _runs.c.course_id) & _modules.c.archived_at.is_(None))
    .outerjoin(_overrides, (_overrides.c.run_id == _runs.c.id) & (_overrides.c.module_id == _modules.c.id))
    .outerjoin(_module_progress, (_module_progress.c.enrolment_id == _enrolments.c.id)
               & (_module_progress.c.module_id == _modules.c.id))
    .where(_enrolments.c.user_id == bindparam("user_id"), _enrolments.c.unenrolled_at.is_(None))
    .order_by(_enrolments.c.id, _modules.c.position)
)


def modules_of_my_enrolments(user_id: int) -> dict[int, list[tuple[Module, datetime | None, ModuleProgress | None]]]:
    """Enrolment id -> the live modules of its course in order (records), each with the run's
    override of its opening (or None) and the learner's progress in it (or None): one query
    for all the user's courses."""
    width = record_type(Module).width
    found: dict[int, list] = {}
    for row in db.session.execute(_MY_MODULES, {"user_id": user_id}):
        progress = as_record(ModuleProgress, row[width + 2:]) if row[width + 2] is not None else None
        found.setdefault(row[0], []).append((as_record(Module, row[1:width + 1]), row[width + 1], progress))
    return found


def personal_deadlines_closing(now: datetime, warning: timedelta) -> list[Row]:
    """(run, course, deadline) for each personal deadline in the next ``warning`` (after ``now``,
    at most ``warning`` later) held by learners still enrolled in a run of a live course, past the
    run's own end (an earlier one shares the run's warning): one row per run and deadline, however
    many learners hold it (a tutor gives whole days, so a run has a handful)."""
    held = (select(Enrolment.run_id, Enrolment.deadline_at).distinct()
            .where(Enrolment.unenrolled_at.is_(None), Enrolment.deadline_at > now, Enrolment.deadline_at <= now + warning)
            .subquery())
    return db.session.execute(
        select(Run, Course, held.c.deadline_at).select_from(held).join(Run, Run.id == held.c.run_id)
        .join(Course, Course.id == Run.course_id)
        .where(Course.archived_at.is_(None), held.c.deadline_at > Run.ends_at)
        .order_by(Run.id, held.c.deadline_at)
    ).all()
