"""The catalogue's read-only window onto the course tables (and, for the viewer's own
progress box, their enrolments). The course page's reads are Core statements built once,
returning read-only records (``lms.core.db.record_type``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select

from lms.core.db import as_record, record_columns, record_type, split_row
from lms.core.extensions import db
from lms.courses.models import BadgeClass, Course, Module, ReleaseOverride, Run
from lms.learning.models import Enrolment, ModuleProgress
from lms.notifications.models import Notification, NotificationText

_courses_table = Course.__table__


def live_courses_with_runs(language: str | None = None
                           ) -> tuple[list[Course], list[Run], dict[int, int], dict[str, int]]:
    """Live courses by title (only those in ``language`` when some live course is in it), their
    runs, each course's number of live modules, and how many live courses each language has (a
    window count in the courses' own statement): three queries."""
    by_language = func.count().over(partition_by=Course.language)
    rows = db.session.execute(select(Course, by_language).where(Course.archived_at.is_(None)).order_by(Course.title)).all()
    languages = {course.language: count for course, count in rows}
    courses = [course for course, _ in rows if language not in languages or course.language == language]
    runs = list(db.session.scalars(select(Run).where(Run.course_id.in_([c.id for c in courses]))))
    counts = dict(db.session.execute(
        select(Module.course_id, func.count()).where(Module.archived_at.is_(None)).group_by(Module.course_id)).all())
    return courses, runs, counts, languages


_TRANSLATIONS = (
    select(_courses_table.c.slug, _courses_table.c.language)
    .where(_courses_table.c.translation_group == bindparam("group"), _courses_table.c.slug != bindparam("course_slug"),
           _courses_table.c.archived_at.is_(None))
    .order_by(_courses_table.c.language)
)


def translations_of(course_slug: str, group: str) -> list[tuple[str, str]]:
    """(slug, language) of the live courses linked to this one as its translations."""
    return [tuple(row) for row in db.session.execute(_TRANSLATIONS, {"group": group, "course_slug": course_slug})]


_courses, _runs, _enrolments = Course.__table__, Run.__table__, Enrolment.__table__
_badges, _modules = BadgeClass.__table__, Module.__table__
_overrides, _module_progress = ReleaseOverride.__table__, ModuleProgress.__table__

_COURSE_RUNS_AND_ENROLMENTS = (
    select(*record_columns(Course), *record_columns(Run), *record_columns(Enrolment))
    .select_from(_courses)
    .outerjoin(_runs, _runs.c.course_id == _courses.c.id)
    .outerjoin(_enrolments, (_enrolments.c.run_id == _runs.c.id) & (_enrolments.c.user_id == bindparam("user_id"))
               & _enrolments.c.unenrolled_at.is_(None))  # unenrolled by a tutor: not enrolled
    .where(_courses.c.slug == bindparam("course_slug"), _courses.c.archived_at.is_(None))
    .order_by(_runs.c.starts_at, _runs.c.id)
)


def course_runs_and_enrolments(
    course_slug: str, user_id: int | None
) -> tuple[Course | None, list[Run], list[Enrolment]]:
    """A live course, its runs by start, and the viewer's enrolments in them (records): one query."""
    course, runs, enrolments = None, [], []
    for row in db.session.execute(_COURSE_RUNS_AND_ENROLMENTS, {"course_slug": course_slug, "user_id": user_id}):
        course, run, enrolment = split_row(row, Course, Run, Enrolment)
        if run.id is not None:
            runs.append(run)
        if enrolment.id is not None:
            enrolments.append(enrolment)
    return course, runs, enrolments


_BADGES_OF = (
    select(*record_columns(BadgeClass))
    .select_from(_badges)
    .outerjoin(_modules, _modules.c.id == _badges.c.module_id)
    .where(_badges.c.course_id == bindparam("course_id"), _badges.c.archived_at.is_(None),
           _modules.c.archived_at.is_(None))
    .order_by(_badges.c.module_id.is_(None), _modules.c.position)
)


def badges_of(course_id: int) -> list[BadgeClass]:
    """The course's live badges (records): the modules' in course order, then the course's own."""
    return [as_record(BadgeClass, row) for row in db.session.execute(_BADGES_OF, {"course_id": course_id})]


_MODULES_WITH_OVERRIDES_AND_PROGRESS = (
    select(*record_columns(Module), _overrides.c.opens_at, *record_columns(ModuleProgress))
    .select_from(_modules)
    .outerjoin(_overrides, (_overrides.c.module_id == _modules.c.id) & (_overrides.c.run_id == bindparam("run_id")))
    .outerjoin(_module_progress, (_module_progress.c.module_id == _modules.c.id)
               & (_module_progress.c.enrolment_id == bindparam("enrolment_id")))
    .where(_modules.c.course_id == bindparam("course_id"), _modules.c.archived_at.is_(None))
    .order_by(_modules.c.position)
)


def modules_with_overrides_and_progress(
    course_id: int, run_id: int | None, enrolment_id: int | None
) -> tuple[list[Module], dict[int, datetime], dict[int, ModuleProgress]]:
    """The course's live modules in order (records), the run's overrides of their opening, and the
    enrolment's progress rows (records), each by module id: one query."""
    width = record_type(Module).width
    modules, overrides, progress = [], {}, {}
    for row in db.session.execute(_MODULES_WITH_OVERRIDES_AND_PROGRESS,
                                  {"course_id": course_id, "run_id": run_id, "enrolment_id": enrolment_id}):
        module = as_record(Module, row[:width])
        modules.append(module)
        if row[width] is not None:
            overrides[module.id] = row[width]
        if row[width + 1] is not None:
            progress[module.id] = as_record(ModuleProgress, row[width + 1:])
    return modules, overrides, progress


_notifications = Notification.__table__
_texts = NotificationText.__table__
# A tutor's announcement reaches each learner as a ledger row of kind "announcement" whose payload
# names the run and the announcement's words, stored once (``text_id``; rows from before carry the
# words inline) (lms.cohort.services.announcements).
_ANNOUNCEMENTS_RECEIVED = (
    select(_notifications.c.id, _notifications.c.created_at, _notifications.c.payload, _texts.c.html)
    .select_from(_notifications.outerjoin(_texts, _texts.c.id == _notifications.c.payload["text_id"].as_integer()))
    .where(_notifications.c.user_id == bindparam("user_id"), _notifications.c.kind == "announcement",
           _notifications.c.payload["run_id"].as_integer() == bindparam("run_id"))
    .order_by(_notifications.c.created_at.desc(), _notifications.c.id.desc())
    .limit(bindparam("limit"))
)


def announcements_received(user_id: int, run_id: int, limit: int) -> list[tuple[int, datetime, dict]]:
    """The latest ``limit`` announcements the learner received in the run, newest first: one query."""
    rows = db.session.execute(_ANNOUNCEMENTS_RECEIVED, {"user_id": user_id, "run_id": run_id, "limit": limit})
    return [(row_id, created_at, payload if html is None else {**payload, "html": html})
            for row_id, created_at, payload, html in rows]
