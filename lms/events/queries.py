"""Read-only queries of events over other features' tables: people's names and addresses for
the organisers' lists, courses for a linked course, who may organise."""

from __future__ import annotations

from sqlalchemy import Select, literal, select

from lms.accounts.models import User
from lms.core.access import teaches_any_course
from lms.core.extensions import db
from lms.courses.models import Course


def course_exists(slug: str) -> bool:
    return db.session.scalar(select(Course.id).where(Course.slug == slug, Course.archived_at.is_(None))) is not None


def course_title(slug: str | None) -> str | None:
    return db.session.scalar(select(Course.title).where(Course.slug == slug)) if slug else None


def is_organiser(user_id: int) -> bool:
    """Administrators and tutors (anyone who teaches a course) organise events."""
    return bool(db.session.scalar(select(User.is_admin | teaches_any_course(literal(user_id))).where(User.id == user_id)))


def with_people(query: Select, user_id_column) -> Select:
    """``query`` with each person's name and e-mail address (columns ``name``, ``email``) joined on."""
    return query.join(User, User.id == user_id_column).add_columns(User.name.label("name"), User.email.label("email"))


def person(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def people(user_ids: list[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
