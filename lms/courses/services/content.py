"""Read helpers over what courses declare, for the features built on them: the live
modules, units and activities of a course, as rows or as subqueries to filter by."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, bindparam, or_, select

from lms.core.db import lock_row
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.courses.catalog.specs import RULE_LABELS
from lms.courses.models import Activity, BadgeClass, Course, Module, ReleaseOverride, Run, Unit

__all__ = [
    "RULE_LABELS", "badge_by_slug", "join_activity_context", "course_badge", "course_by_slug", "get_activity", "get_badge", "get_course",
    "get_live_course", "get_run_of", "list_assignments", "lock_activity", "list_live_courses", "live_activities", "live_module_ids",
    "live_runs", "live_unit_ids", "module_badge", "overrides_of", "get_run", "runs_of",
]


def get_course(course_id: int) -> Course:
    return db.session.get(Course, course_id)


def get_live_course(course_slug: str) -> Course:
    course = db.session.scalar(select(Course).where(Course.slug == course_slug, Course.archived_at.is_(None)))
    if course is None:
        raise NotFound(gettext("No such course."))
    return course


def live_module_ids(course_id: int) -> Select:
    return select(Module.id).where(Module.course_id == course_id, Module.archived_at.is_(None))


def live_unit_ids(module_id: int) -> Select:
    return select(Unit.id).where(Unit.module_id == module_id, Unit.archived_at.is_(None))


def live_activities(module_id: int) -> list[Activity]:
    return list(db.session.scalars(
        select(Activity).where(Activity.module_id == module_id, Activity.archived_at.is_(None))))


def get_activity(module_id: int, activity_slug: str) -> Activity:
    activity = db.session.scalar(select(Activity).where(
        Activity.module_id == module_id, Activity.slug == activity_slug, Activity.archived_at.is_(None)))
    if activity is None:
        raise NotFound(gettext("No such activity in this module."))
    return activity


def list_assignments(course_ids: list[int]) -> dict[int, list[tuple[Activity, Module]]]:
    """Each course's live peer-reviewed assignments, in course order: one query for them all."""
    found: dict[int, list[tuple[Activity, Module]]] = {course_id: [] for course_id in course_ids}
    for activity, module in db.session.execute(
        select(Activity, Module).join(Module, Module.id == Activity.module_id)
        .where(Module.course_id.in_(course_ids), Activity.kind == "assignment", Activity.archived_at.is_(None))
        .order_by(Module.position, Activity.position)
    ):
        found[module.course_id].append((activity, module))
    return found


_overrides = ReleaseOverride.__table__
_OVERRIDES_OF = select(_overrides.c.run_id, _overrides.c.module_id, _overrides.c.opens_at).where(
    _overrides.c.run_id.in_(bindparam("run_ids", expanding=True)))


def overrides_of(run_ids) -> list[tuple[int, int, object]]:
    """(run id, module id, opens at) of every release override of these runs."""
    return [tuple(row) for row in db.session.execute(_OVERRIDES_OF, {"run_ids": list(run_ids)})]


def live_runs(now: datetime) -> list[tuple[Run, Course]]:
    """Runs of live courses that have started and not yet closed."""
    return list(db.session.execute(
        select(Run, Course).join(Course, Course.id == Run.course_id)
        .where(Course.archived_at.is_(None), Run.starts_at <= now, or_(Run.ends_at.is_(None), Run.ends_at > now))
    ).all())


def get_run_of(course_slug: str, run_id: int) -> Run:
    run = db.session.scalar(
        select(Run).join(Course, Course.id == Run.course_id).where(Run.id == run_id, Course.slug == course_slug))
    if run is None:
        raise NotFound(gettext("No such run of this course."))
    return run


def get_run(run_id: int) -> Run:
    return db.session.get(Run, run_id)


def runs_of(course_id: int) -> list[Run]:
    """The course's runs, newest first."""
    return list(db.session.scalars(select(Run).where(Run.course_id == course_id).order_by(Run.starts_at.desc())))


def list_live_courses() -> list[Course]:
    return list(db.session.scalars(select(Course).where(Course.archived_at.is_(None)).order_by(Course.slug)))


def course_by_slug(course_slug: str) -> Course:
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        raise NotFound(gettext("No such course."))
    return course


def get_badge(badge_id: int) -> BadgeClass:
    return db.session.get(BadgeClass, badge_id)


def badge_by_slug(slug: str) -> BadgeClass | None:
    return db.session.scalar(select(BadgeClass).where(BadgeClass.slug == slug))


def module_badge(module_id: int) -> BadgeClass | None:
    return db.session.scalar(select(BadgeClass).where(BadgeClass.module_id == module_id, BadgeClass.archived_at.is_(None)))


def course_badge(course_id: int) -> BadgeClass | None:
    return db.session.scalar(select(BadgeClass).where(
        BadgeClass.course_id == course_id, BadgeClass.module_id.is_(None), BadgeClass.archived_at.is_(None)))


def join_activity_context(query: Select, activity_id: ColumnElement) -> Select:
    """``query`` joined up to the activity named by ``activity_id``, its module and its course:
    the one way learners' work (reflections, submissions, reviews) finds its course."""
    return (query.join(Activity, Activity.id == activity_id)
            .join(Module, Module.id == Activity.module_id)
            .join(Course, Course.id == Module.course_id))


def lock_activity(activity_id: int) -> None:
    """Serialise writers around one activity (e.g. claims on an assignment) until the transaction ends."""
    lock_row(Activity, activity_id)
