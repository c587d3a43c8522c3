"""Who teaches what: the one place that decides it.

Each rule comes twice: a predicate for one object ("may this person teach this
course?") and a query filter for lists ("the courses this person teaches"), so a
page and its list can never disagree. Administrators teach everything. Users are
taken as they come (anything with ``id`` and ``is_admin``), so the core needs no
feature's model."""

from __future__ import annotations

from sqlalchemy import ColumnElement, ForeignKey, String, UniqueConstraint, delete, select, true
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.extensions import db


class CourseStaff(db.Model):
    """A tutor of one course."""

    __tablename__ = "course_staff"
    __table_args__ = (UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="tutor")


def can_teach(user, course_id: int) -> bool:
    """May ``user`` see and steer this course's runs, learners' work and awards?"""
    if user is None or not getattr(user, "id", None):
        return False
    return user.is_admin or bool(db.session.scalar(
        select(CourseStaff.id).where(CourseStaff.course_id == course_id, CourseStaff.user_id == user.id)
    ))


def taught_by(user, course_id_column) -> ColumnElement[bool]:
    """The query filter paired with ``can_teach``: rows whose course ``user`` teaches."""
    if user.is_admin:
        return true()
    return course_id_column.in_(select(CourseStaff.course_id).where(CourseStaff.user_id == user.id))


def teaches_any_course(user_id_column) -> ColumnElement[bool]:
    """A correlated EXISTS, so the page header learns "is this a tutor?" in the log-in query."""
    return select(CourseStaff.id).where(CourseStaff.user_id == user_id_column).exists()


def grant_teaching(user_id: int, course_id: int) -> bool:
    """Make the user a tutor of the course; True if they were not one already."""
    if db.session.scalar(select(CourseStaff.id).where(CourseStaff.course_id == course_id, CourseStaff.user_id == user_id)):
        return False
    db.session.add(CourseStaff(course_id=course_id, user_id=user_id, role="tutor"))
    return True


def revoke_teaching(user_id: int, course_id: int) -> bool:
    """The user no longer tutors the course; True if they did."""
    return bool(db.session.execute(
        delete(CourseStaff).where(CourseStaff.course_id == course_id, CourseStaff.user_id == user_id)).rowcount)
