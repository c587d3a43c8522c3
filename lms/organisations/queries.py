"""Read-only queries of organisations over other features' tables: the completions its staff share
(courses from learning's tables, programmes from ``programme_enrolments``), counted in SQL; people's
names; an application's audit trail."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, distinct, func, select, union

from lms.accounts.models import User
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.learning.models import CourseCompletion, Enrolment
from lms.organisations.models import Assessor, Membership
from lms.programmes.models import Programme, ProgrammeEnrolment

AUDIT_KIND = "award-application"


def sharing_staff(organisation_id: int):
    """The ids of an organisation's members who agreed to share their completions (a subquery)."""
    return (select(Membership.user_id)
            .join(User, User.id == Membership.user_id)
            .where(Membership.organisation_id == organisation_id, Membership.status == "member",
                   Membership.shares_completions.is_(True), User.deactivated_at.is_(None)))


def count_staff_completed(organisation_id: int, course_slugs: Collection[str], programme_slugs: Collection[str]) -> int:
    """How many sharing staff completed any of the courses (in any run) or programmes: one statement,
    each person counted once however many completions they have."""
    staff = sharing_staff(organisation_id)
    parts = []
    if course_slugs:
        parts.append(select(Enrolment.user_id.label("user_id"))
                     .join(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
                     .join(Run, Run.id == Enrolment.run_id).join(Course, Course.id == Run.course_id)
                     .where(Course.slug.in_(sorted(course_slugs)), Enrolment.user_id.in_(staff)))
    if programme_slugs:
        parts.append(select(ProgrammeEnrolment.user_id.label("user_id"))
                     .join(Programme, Programme.id == ProgrammeEnrolment.programme_id)
                     .where(Programme.slug.in_(sorted(programme_slugs)), ProgrammeEnrolment.completed_at.is_not(None),
                            ProgrammeEnrolment.user_id.in_(staff)))
    if not parts:
        return 0
    done = (union(*parts) if len(parts) > 1 else parts[0]).subquery()
    return db.session.scalar(select(func.count(distinct(done.c.user_id)))) or 0


def count_sharing(organisation_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(sharing_staff(organisation_id).subquery())) or 0


def names_of(user_ids: Collection[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(sorted(set(user_ids))))).all())


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def members_with_names(organisation_id: int, status: str, *, limit: int):
    """(membership, name, email) of one status, oldest request first, at most ``limit``."""
    return db.session.execute(
        select(Membership, User.name, User.email).join(User, User.id == Membership.user_id)
        .where(Membership.organisation_id == organisation_id, Membership.status == status)
        .order_by(Membership.role, Membership.requested_at, Membership.id).limit(limit)).all()


def audit_trail(application_id: int, since: datetime) -> list[tuple[AuditEvent, str | None]]:
    """The audit rows about an application (from its creation on, which the log's date index finds), with the actor's name."""
    return list(db.session.execute(
        select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.created_at >= since,
               and_(AuditEvent.target_kind == AUDIT_KIND, AuditEvent.target_id == str(application_id)))
        .order_by(AuditEvent.created_at, AuditEvent.id)).all())


def titles_of(course_slugs: Collection[str], programme_slugs: Collection[str]) -> dict[str, str]:
    """"course:<slug>" and "programme:<slug>" -> title, for those on the site."""
    courses = db.session.execute(select(Course.slug, Course.title).where(Course.slug.in_(sorted(course_slugs)))) \
        if course_slugs else []
    programmes = db.session.execute(select(Programme.slug, Programme.title).where(Programme.slug.in_(sorted(programme_slugs)))) \
        if programme_slugs else []
    return {**{f"course:{slug}": title for slug, title in courses}, **{f"programme:{slug}": title for slug, title in programmes}}


def assessors() -> list[tuple[int, str, str]]:
    return [tuple(row) for row in db.session.execute(
        select(User.id, User.name, User.email).join(Assessor, Assessor.user_id == User.id).order_by(User.name, User.id))]
