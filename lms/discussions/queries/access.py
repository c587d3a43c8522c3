"""Who is reading, in one statement: the course (or the thread, or the post, with its thread and
run), whether the reader teaches the course (``core.access.taught_by``, the SQL twin of
``can_teach``), and the reader's latest active enrolment among the course's runs with its run.
Every discussion page starts here, so each costs one statement whatever it asks for."""

from __future__ import annotations

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import aliased

from lms.core.access import taught_by
from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.discussions.models import Post, Thread
from lms.learning.models import Enrolment

_EnrolledRun = aliased(Run, name="enrolled_run")


def _with_enrolment(query: Select, user_id: int) -> Select:
    """``query`` (with Course in it) joined to the reader's active enrolments in the course's runs,
    the latest first; the row has no enrolment (None) when there is none."""
    return (query.add_columns(Enrolment, _EnrolledRun)
            .outerjoin(_EnrolledRun, _EnrolledRun.course_id == Course.id)
            .outerjoin(Enrolment, (Enrolment.run_id == _EnrolledRun.id) & (Enrolment.user_id == user_id)
                       & Enrolment.unenrolled_at.is_(None))
            .order_by(Enrolment.id.is_(None), Enrolment.enrolled_at.desc(), Enrolment.id.desc())
            .limit(1))


def course_context(user, course_slug: str) -> Row | None:
    """(course, teaches, enrolment or None, its run or None) for a live course."""
    query = (select(Course, taught_by(user, Course.id).label("teaches"))
             .where(Course.slug == course_slug, Course.archived_at.is_(None)))
    return db.session.execute(_with_enrolment(query, user.id)).first()


def thread_context(user, thread_id: int) -> Row | None:
    """(thread, its run, its course, teaches, enrolment or None, its run or None)."""
    query = (select(Thread, Run, Course, taught_by(user, Course.id).label("teaches"))
             .join(Run, Run.id == Thread.run_id).join(Course, Course.id == Run.course_id)
             .where(Thread.id == thread_id))
    return db.session.execute(_with_enrolment(query, user.id)).first()


def post_context(user, post_id: int) -> Row | None:
    """(post, its thread, the run, the course, teaches, enrolment or None, its run or None)."""
    query = (select(Post, Thread, Run, Course, taught_by(user, Course.id).label("teaches"))
             .join(Thread, Thread.id == Post.thread_id).join(Run, Run.id == Thread.run_id)
             .join(Course, Course.id == Run.course_id).where(Post.id == post_id))
    return db.session.execute(_with_enrolment(query, user.id)).first()


def runs_of(course_id: int) -> list[Run]:
    """The course's runs, newest first (a tutor's choice of run)."""
    return list(db.session.scalars(select(Run).where(Run.course_id == course_id).order_by(Run.starts_at.desc(), Run.id.desc())))
