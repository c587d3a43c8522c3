"""What the administration pages read of other features' tables: accounts, their roles and
enrolments, courses and their tutors, the audit log. Every list is a keyset page with a LIMIT, so
its cost does not grow with the number of users or events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import ColumnElement, Engine, Select, func, select
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.core.access import CourseStaff
from lms.core.audit import AuditEvent
from lms.core.db import contains_text
from lms.core.extensions import db
from lms.core.keyset import Cursor, beyond
from lms.courses.models import Course, Run
from lms.learning.models import Enrolment


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def user_by_email(email: str) -> User | None:
    """Addresses are stored lower-case (accounts.normalise_email): an equality the unique index answers."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def user_rows(search: str, cursor: Cursor, size: int) -> list:
    """Up to ``size + 1`` accounts in e-mail order (unique, indexed) past the cursor: the extra row
    says whether there is another page. A search looks in names and addresses."""
    query = select(User.id, User.name, User.email, User.is_admin, User.deactivated_at)
    if search:
        query = query.where(contains_text([User.name, User.email], search))
    if cursor.row_id is not None:
        at = select(User.email).where(User.id == cursor.row_id).scalar_subquery()
        query = query.where(beyond([(User.email, at)], backwards=cursor.backwards))
    order = User.email.desc() if cursor.backwards else User.email.asc()
    return list(db.session.execute(query.order_by(order).limit(size + 1)).all())


def courses_taught_by(user_id: int) -> list[Course]:
    return list(db.session.scalars(select(Course).join(CourseStaff, CourseStaff.course_id == Course.id)
                                   .where(CourseStaff.user_id == user_id).order_by(Course.title)))


def enrolment_count(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == user_id)) or 0


def list_courses() -> list[Course]:
    """Every course (a site has tens, not thousands), the archived ones last."""
    return list(db.session.scalars(select(Course).order_by(Course.archived_at.is_not(None), Course.title)))


def get_course(course_id: int) -> Course | None:
    return db.session.get(Course, course_id)


def tutors_of(course_id: int) -> list[User]:
    return list(db.session.scalars(select(User).join(CourseStaff, CourseStaff.user_id == User.id)
                                   .where(CourseStaff.course_id == course_id).order_by(User.name, User.id)))


def is_tutor(user_id: int, course_id: int) -> bool:
    return db.session.scalar(select(CourseStaff.id).where(CourseStaff.user_id == user_id,
                                                          CourseStaff.course_id == course_id)) is not None


Actor = aliased(User)
Subject = aliased(User)


def _audit_query(*, action: str, actor_id: int | None, subject_id: int | None,
                 since: datetime | None, until: datetime | None) -> Select:
    """Audit rows with the names of who acted and whose data changed (None once an account is erased)."""
    query = (select(AuditEvent, Actor.name, Actor.email, Subject.name, Subject.email)
             .outerjoin(Actor, Actor.id == AuditEvent.actor_id)
             .outerjoin(Subject, Subject.id == AuditEvent.subject_user_id))
    conditions: list[ColumnElement[bool]] = []
    if action:
        conditions.append(AuditEvent.action.startswith(action, autoescape=True))
    if actor_id is not None:
        conditions.append(AuditEvent.actor_id == actor_id)
    if subject_id is not None:
        conditions.append(AuditEvent.subject_user_id == subject_id)
    if since is not None:
        conditions.append(AuditEvent.created_at >= since)
    if until is not None:
        conditions.append(AuditEvent.created_at < until)
    return query.where(*conditions)


def audit_rows(cursor: Cursor, size: int, **filters) -> list:
    """Up to ``size + 1`` rows, newest first (ids grow with time), past the cursor."""
    query = _audit_query(**filters)
    if cursor.row_id is not None:
        query = query.where(AuditEvent.id > cursor.row_id if cursor.backwards else AuditEvent.id < cursor.row_id)
    order = AuditEvent.id.asc() if cursor.backwards else AuditEvent.id.desc()
    return list(db.session.execute(query.order_by(order).limit(size + 1)).all())


def audit_export(**filters) -> tuple[Select, Engine]:
    """The statement of every matching row as plain columns, newest first, and the database to
    stream it from (taken while the request runs: the file is written after the view returns)."""
    event = AuditEvent.__table__.c
    query = (select(event.id, event.created_at, event.action, event.actor_id, Actor.name, Actor.email,
                    event.subject_user_id, Subject.name, Subject.email, event.target_kind, event.target_id,
                    event.reason, event.details)
             .outerjoin(Actor, Actor.id == event.actor_id).outerjoin(Subject, Subject.id == event.subject_user_id))
    return query.where(_audit_query(**filters).whereclause).order_by(event.id.desc()), db.engine


def streamed(statement: Select, engine: Engine) -> Iterator:
    """The rows, 500 at a time (a server-side cursor on PostgreSQL), on a connection of their own."""
    with engine.connect() as connection:
        yield from connection.execution_options(yield_per=500).execute(statement)


def tutors_by_course(course_ids: list[int]) -> dict[int, list]:
    """Each course's tutors (id, name), in one query."""
    found: dict[int, list] = {}
    if not course_ids:
        return found
    rows = db.session.execute(select(CourseStaff.course_id, User.id, User.name).join(User, User.id == CourseStaff.user_id)
                              .where(CourseStaff.course_id.in_(course_ids)).order_by(User.name, User.id))
    for course_id, user_id, name in rows:
        found.setdefault(course_id, []).append((user_id, name))
    return found


def runs_of_course(course_id: int) -> list[Run]:
    """A course's runs, the latest first (a course has a handful)."""
    return list(db.session.scalars(select(Run).where(Run.course_id == course_id).order_by(Run.starts_at.desc(), Run.id)))


def run_slug_taken(course_id: int, slug: str) -> bool:
    return db.session.scalar(select(Run.id).where(Run.course_id == course_id, Run.slug == slug)) is not None
