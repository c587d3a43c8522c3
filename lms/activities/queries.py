"""Activities' read-only window onto courses, learning and accounts: whose work,
in which course, for the tutors' pages."""

from __future__ import annotations

from sqlalchemy import Row, select

from lms.accounts.models import User
from lms.activities.models import Reflection
from lms.core.extensions import db
from lms.courses.models import Activity, Module
from lms.courses.services.content import join_activity_context
from lms.learning.models import Enrolment


def reflection_with_author(reflection_id: int) -> Row | None:
    """(reflection, activity, author, course id)."""
    return db.session.execute(
        join_activity_context(select(Reflection, Activity, User, Module.course_id), Reflection.activity_id)
        .join(Enrolment, Enrolment.id == Reflection.enrolment_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Reflection.id == reflection_id)
    ).first()


def quizzes_and_reflections(course_id: int) -> list[Activity]:
    """The live quizzes and reflections of a course's live modules, in course order."""
    return list(db.session.scalars(
        select(Activity).join(Module, Module.id == Activity.module_id)
        .where(Module.course_id == course_id, Module.archived_at.is_(None), Activity.archived_at.is_(None),
               Activity.kind != "assignment")
        .order_by(Module.position, Activity.position)
    ))


def run_learners(run_id: int) -> list[Row]:
    """(enrolment, user) of everyone in the run, by name."""
    return db.session.execute(
        select(Enrolment, User).join(User, User.id == Enrolment.user_id)
        .where(Enrolment.run_id == run_id).order_by(User.name)
    ).all()
