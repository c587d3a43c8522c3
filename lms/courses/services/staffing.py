"""Who teaches a course, and the runs a tutor may open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from lms.core.access import can_teach, grant_teaching, taught_by
from lms.core.errors import NotFound, PermissionDenied
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.courses.models import Course, Run

if TYPE_CHECKING:
    from lms.accounts.models import User


def make_tutor(user: User, course_slug: str) -> None:
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        raise NotFound(gettext("No course '%(slug)s'. Run 'flask courses sync' first.", slug=course_slug))
    grant_teaching(user.id, course.id)


def list_taught_runs(user: User) -> list[tuple[Course, list[Run]]]:
    """The courses this user teaches, each with its runs (newest first)."""
    courses = list(db.session.scalars(
        select(Course).where(Course.archived_at.is_(None), taught_by(user, Course.id)).order_by(Course.title)))
    runs = db.session.scalars(
        select(Run).where(Run.course_id.in_([c.id for c in courses])).order_by(Run.starts_at.desc()))
    by_course: dict[int, list[Run]] = {}
    for run in runs:
        by_course.setdefault(run.course_id, []).append(run)
    return [(course, by_course.get(course.id, [])) for course in courses]


def find_run(course_slug: str, run_slug: str | None = None) -> tuple[Course, Run]:
    """A run of a course (the latest when no slug is given); for operators and tutors' pages."""
    query = select(Course, Run).join(Run, Run.course_id == Course.id).where(Course.slug == course_slug)
    if run_slug:
        query = query.where(Run.slug == run_slug)
    row = db.session.execute(query.order_by(Run.starts_at.desc()).limit(1)).first()
    if row is None:
        raise NotFound(gettext("No such run of this course."))
    return row[0], row[1]


def get_taught_run(user: User, course_slug: str, run_slug: str) -> tuple[Course, Run]:
    """A run for one of its course's tutors (or an admin); anyone else is refused."""
    course, run = find_run(course_slug, run_slug)
    if not can_teach(user, course.id):
        raise PermissionDenied(gettext("Only the tutors of this course can see this run."))
    return course, run



@dataclass(frozen=True)
class TaughtRun:
    """A run its tutor may see and steer: the course and the run (ORM objects, read-only to its users)."""

    course: Course
    run: Run


def taught_run(user, course_slug: str, run_slug: str) -> TaughtRun:
    """The run, if ``user`` teaches its course (or is an admin); NotFound otherwise: a tutor of
    another course learns nothing, not even that the run exists. The tutors' pages (the cohort's,
    the roster's) ask this first thing."""
    if not run_slug:
        raise NotFound(gettext("No such run of this course."))
    course, run = find_run(course_slug, run_slug)  # NotFound if there is none
    if not can_teach(user, course.id):
        raise NotFound(gettext("No such run of this course."))
    return TaughtRun(course, run)
