"""What learning holds about a person (enrolments and progress), for privacy's export and erasure.

Nothing here is deleted: enrolments tie the peer work that others' results depend on to a run,
and once the account is anonymised they say nothing about who the learner was. They end, though."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from functools import cache

from sqlalchemy import select, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.courses.services import content
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress, UnitProgress

BATCH = 500

README = {
    "enrolments.json": lazy_gettext("The course runs you enrolled in, when, and your personal deadline or unenrolment if any."),
    "progress.json": lazy_gettext("Your progress: each unit you marked as done, what you did in each module, and the courses you completed."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "enrolments.json", _enrolments(user_id)
    yield "progress.json", _progress(user_id)


@cache
def _run_names(run_id: int) -> dict:
    run = content.get_run(run_id)
    course = content.get_course(run.course_id)
    return {"course": course.slug, "course_title": course.title, "run": run.slug}


def _enrolments(user_id: int) -> Iterator[dict]:
    _run_names.cache_clear()
    query = select(Enrolment).where(Enrolment.user_id == user_id).order_by(Enrolment.id)
    for enrolment in db.session.scalars(query.execution_options(yield_per=BATCH)):
        yield {**_run_names(enrolment.run_id), "enrolled_at": enrolment.enrolled_at,
               "last_active_at": enrolment.last_active_at, "modules_completed": enrolment.modules_completed,
               "unenrolled_at": enrolment.unenrolled_at, "deadline_at": enrolment.deadline_at}


def _progress(user_id: int) -> Iterator[dict]:
    mine = select(Enrolment.id).where(Enrolment.user_id == user_id)
    units = (select(Enrolment.run_id, UnitProgress.unit_id, UnitProgress.completed_at)
             .join(Enrolment, Enrolment.id == UnitProgress.enrolment_id)
             .where(UnitProgress.enrolment_id.in_(mine)).order_by(UnitProgress.id))
    for row in db.session.execute(units.execution_options(yield_per=BATCH)):
        yield {"record": "unit_done", **_run_names(row.run_id), "unit_id": row.unit_id, "completed_at": row.completed_at}
    modules = (select(Enrolment.run_id, ModuleProgress).join(Enrolment, Enrolment.id == ModuleProgress.enrolment_id)
               .where(ModuleProgress.enrolment_id.in_(mine)).order_by(ModuleProgress.id))
    for run_id, progress in db.session.execute(modules.execution_options(yield_per=BATCH)):
        yield {"record": "module", **_run_names(run_id), "module_id": progress.module_id, "units_done": progress.units_done,
               "quizzes_passed": progress.quizzes_passed, "reflections_done": progress.reflections_done,
               "assignments_done": progress.assignments_done, "discussion_posts": progress.discussion_posts,
               "completed_at": progress.completed_at}
    completions = (select(Enrolment.run_id, CourseCompletion.completed_at)
                   .join(Enrolment, Enrolment.id == CourseCompletion.enrolment_id).where(Enrolment.user_id == user_id))
    for row in db.session.execute(completions):
        yield {"record": "course_completed", **_run_names(row.run_id), "completed_at": row.completed_at}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    """The enrolments stay (see above) but end, as an unenrolment does: nothing more is announced to
    an account that is no one, and tutors' lists count it out."""
    db.session.execute(update(Enrolment).where(Enrolment.user_id == user_id, Enrolment.unenrolled_at.is_(None))
                       .values(unenrolled_at=now))
    return []
