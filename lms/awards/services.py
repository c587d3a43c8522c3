"""Awarding badges and certificates: one service, called when progress reports a
completion, by a tutor's manual award, and by a sweep that catches anything missed.

One award per learner, badge and run whatever the races (a unique constraint);
nothing is ever deleted: revocation keeps the row and records why."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import User
from lms.awards.models import Assertion, Certificate
from lms.core.access import can_teach
from lms.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from lms.core.extensions import db
from lms.core.jobs import SweepReport
from lms.courses.models import BadgeClass, Course, Module, Run
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress
from lms.notifications.services import notify_user


def _uid() -> str:
    return secrets.token_urlsafe(16)


def award_badge(
    user: User, badge: BadgeClass, run_id: int, *, now: datetime, evidence: str = "", reason: str | None = None,
    awarded_by: User | None = None,
) -> tuple[Assertion, bool]:
    """The learner's assertion of ``badge`` in the run, and whether it is new."""
    existing = _existing(badge.id, user.id, run_id)
    if existing:
        return existing, False
    assertion = Assertion(
        uid=_uid(), badge_class_id=badge.id, user_id=user.id, run_id=run_id, recipient_email=user.email,
        salt=secrets.token_hex(16), issued_on=now, evidence=evidence, reason=reason,
        awarded_by_id=awarded_by.id if awarded_by else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(assertion)
    except IntegrityError:  # a concurrent completion awarded it first
        return _existing(badge.id, user.id, run_id), False
    course = db.session.get(Course, badge.course_id)
    notify_user(
        user.id, kind="badge_awarded", key=f"badge_awarded:{assertion.uid}",
        payload={"course": course.slug, "course_title": course.title, "badge_title": badge.name, "assertion": assertion.uid},
        now=now,
    )
    return assertion, True


def _existing(badge_id: int, user_id: int, run_id: int) -> Assertion | None:
    return db.session.scalar(select(Assertion).where(
        Assertion.badge_class_id == badge_id, Assertion.user_id == user_id, Assertion.run_id == run_id))


def award_for_completions(enrolment: Enrolment, modules: list[Module], course: Course | None, *, now: datetime) -> list[Assertion]:
    """Called by the progress service with what it has just seen completed."""
    user = db.session.get(User, enrolment.user_id)
    awarded = []
    for module in modules:
        badge = db.session.scalar(select(BadgeClass).where(BadgeClass.module_id == module.id, BadgeClass.archived_at.is_(None)))
        if badge:
            awarded.append(award_badge(user, badge, enrolment.run_id, now=now,
                                       evidence=f"Completed the module “{module.title}”.")[0])
    if course is not None:
        badge = db.session.scalar(select(BadgeClass).where(
            BadgeClass.course_id == course.id, BadgeClass.module_id.is_(None), BadgeClass.archived_at.is_(None)))
        if badge:
            awarded.append(award_badge(user, badge, enrolment.run_id, now=now,
                                       evidence=f"Completed the course “{course.title}”.")[0])
        issue_certificate(enrolment, now=now)
    return awarded


def issue_certificate(enrolment: Enrolment, *, now: datetime) -> Certificate:
    existing = db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))
    if existing:
        return existing
    run = db.session.get(Run, enrolment.run_id)
    course = db.session.get(Course, run.course_id)
    user = db.session.get(User, enrolment.user_id)
    completed = db.session.execute(
        select(Module.title, Module.estimated_minutes).join(ModuleProgress, ModuleProgress.module_id == Module.id)
        .where(ModuleProgress.enrolment_id == enrolment.id, ModuleProgress.completed_at.is_not(None))
        .order_by(Module.position)
    ).all()
    certificate = Certificate(
        uid=_uid(), enrolment_id=enrolment.id, user_id=user.id, course_id=course.id, run_id=run.id,
        recipient_name=user.name, issued_on=now, hours=round(sum(m for _, m in completed) / 60, 1),
        modules=[title for title, _ in completed],
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        return db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))
    return certificate



def award_missing(*, now: datetime) -> SweepReport:
    """Completions without their badge (say a badge declared after the fact): award them now."""
    report = SweepReport()
    missing_modules = db.session.execute(
        select(Enrolment, Module).join(ModuleProgress, ModuleProgress.enrolment_id == Enrolment.id)
        .join(Module, Module.id == ModuleProgress.module_id)
        .join(BadgeClass, (BadgeClass.module_id == Module.id) & BadgeClass.archived_at.is_(None))
        .where(ModuleProgress.completed_at.is_not(None))
        .where(~select(Assertion.id).where(Assertion.badge_class_id == BadgeClass.id, Assertion.user_id == Enrolment.user_id,
                                           Assertion.run_id == Enrolment.run_id).exists())
    ).all()
    for enrolment, module in missing_modules:
        report.recorded += len(award_for_completions(enrolment, [module], None, now=now))
    missing_courses = db.session.execute(
        select(Enrolment, Course).join(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
        .join(Run, Run.id == Enrolment.run_id).join(Course, Course.id == Run.course_id)
        .where(
            ~select(Certificate.id).where(Certificate.enrolment_id == Enrolment.id).exists()
            | ~select(Assertion.id).join(BadgeClass, BadgeClass.id == Assertion.badge_class_id)
            .where(BadgeClass.course_id == Course.id, BadgeClass.module_id.is_(None), Assertion.user_id == Enrolment.user_id,
                   Assertion.run_id == Enrolment.run_id).exists()
        )
    ).all()
    for enrolment, course in missing_courses:
        report.recorded += len(award_for_completions(enrolment, [], course, now=now))
    return report


# --- by hand: tutors and operators ---------------------------------------------------------


def _can_manage(actor: User | None, course_id: int) -> bool:
    return actor is None or can_teach(actor, course_id)  # None: an operator at the command line


def award_by_hand(actor: User | None, *, email: str, badge_slug: str, reason: str, now: datetime) -> tuple[Assertion, bool]:
    badge = db.session.scalar(select(BadgeClass).where(BadgeClass.slug == badge_slug))
    if badge is None:
        raise NotFound(f"No badge '{badge_slug}'. 'flask badges list' shows them.")
    if not _can_manage(actor, badge.course_id):
        raise PermissionDenied("Only the tutors of this course can award its badges.")
    if not reason.strip():
        raise ValidationError("reason", "Give a reason for the award.")
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(f"No account with the e-mail {email}.")
    enrolment = db.session.scalar(
        select(Enrolment).join(Run, Run.id == Enrolment.run_id)
        .where(Enrolment.user_id == user.id, Run.course_id == badge.course_id).order_by(Enrolment.enrolled_at.desc())
    )
    if enrolment is None:
        raise DomainError(f"{email} is not enrolled in this badge's course.")
    return award_badge(user, badge, enrolment.run_id, now=now, reason=reason.strip(),
                       evidence=f"Awarded by a tutor: {reason.strip()}", awarded_by=actor)


def revoke_badge(actor: User | None, uid: str, *, reason: str, now: datetime) -> Assertion:
    assertion = db.session.scalar(select(Assertion).where(Assertion.uid == uid))
    if assertion is None:
        raise NotFound("No such badge award.")
    course_id = db.session.get(BadgeClass, assertion.badge_class_id).course_id
    if _revoke(actor, assertion, course_id, "badges", reason, "it is published with the revocation", now):
        assertion.revoked_by_id = actor.id if actor else None
    return assertion


def revoke_certificate(actor: User | None, uid: str, *, reason: str, now: datetime) -> Certificate:
    certificate = db.session.scalar(select(Certificate).where(Certificate.uid == uid))
    if certificate is None:
        raise NotFound("No such certificate.")
    _revoke(actor, certificate, certificate.course_id, "certificates", reason, "the verification page shows it", now)
    return certificate


def _revoke(actor: User | None, award: Assertion | Certificate, course_id: int, what: str, reason: str, where_shown: str,
            now: datetime) -> bool:
    """Revocation keeps the row: it records when and why, once. True if revoked now."""
    if not _can_manage(actor, course_id):
        raise PermissionDenied(f"Only the tutors of this course can revoke its {what}.")
    if not reason.strip():
        raise ValidationError("reason", f"Give a reason: {where_shown}.")
    if award.revoked_at is not None:
        return False
    award.revoked_at, award.revocation_reason = now, reason.strip()
    return True


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    assertion: Assertion
    badge: BadgeClass
    course: Course
    user: User
    run: Run


def _award_query():
    return (select(Assertion, BadgeClass, Course, User, Run)
            .join(BadgeClass, BadgeClass.id == Assertion.badge_class_id).join(Course, Course.id == BadgeClass.course_id)
            .join(User, User.id == Assertion.user_id).join(Run, Run.id == Assertion.run_id))


def get_award(uid: str) -> Award:
    """Public: anyone holding the link may verify an award."""
    row = db.session.execute(_award_query().where(Assertion.uid == uid)).first()
    if row is None:
        raise NotFound("No such badge award.")
    return Award(*row)


def list_my_awards(user: User) -> list[Award]:
    """The recipient's own list (private)."""
    return [Award(*row) for row in db.session.execute(
        _award_query().where(Assertion.user_id == user.id).order_by(Assertion.issued_on.desc(), Assertion.id.desc()))]


def list_course_awards(tutor: User, course_slug: str) -> tuple[Course, list[Award], list[Certificate]]:
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    if course is None:
        raise NotFound("No such course.")
    if not _can_manage(tutor, course.id):
        raise PermissionDenied("Only the tutors of this course can see its awards.")
    awards = [Award(*row) for row in db.session.execute(
        _award_query().where(Course.id == course.id).order_by(Assertion.issued_on.desc()))]
    certificates = list(db.session.scalars(select(Certificate).where(Certificate.course_id == course.id)
                                           .order_by(Certificate.issued_on.desc())))
    return course, awards, certificates


def list_badge_classes() -> list[BadgeClass]:
    return list(db.session.scalars(select(BadgeClass).where(BadgeClass.archived_at.is_(None)).order_by(BadgeClass.slug)))


def get_badge_class(slug: str) -> tuple[BadgeClass, Course]:
    row = db.session.execute(select(BadgeClass, Course).join(Course, Course.id == BadgeClass.course_id)
                             .where(BadgeClass.slug == slug)).first()
    if row is None:
        raise NotFound("No such badge.")
    return row[0], row[1]


def revoked_awards() -> list[Assertion]:
    return list(db.session.scalars(select(Assertion).where(Assertion.revoked_at.is_not(None)).order_by(Assertion.revoked_at)))


def get_certificate(uid: str) -> tuple[Certificate, Course, Run, User]:
    row = db.session.execute(
        select(Certificate, Course, Run, User).join(Course, Course.id == Certificate.course_id)
        .join(Run, Run.id == Certificate.run_id).join(User, User.id == Certificate.user_id).where(Certificate.uid == uid)
    ).first()
    if row is None:
        raise NotFound("No such certificate.")
    return row[0], row[1], row[2], row[3]


def my_certificate(user: User, uid: str) -> tuple[Certificate, Course, Run, User]:
    found = get_certificate(uid)
    if found[0].user_id != user.id:
        raise NotFound("No such certificate.")
    return found


def list_my_certificates(user: User) -> list[tuple[Certificate, Course]]:
    return list(db.session.execute(select(Certificate, Course).join(Course, Course.id == Certificate.course_id)
                                   .where(Certificate.user_id == user.id).order_by(Certificate.issued_on.desc())).all())


def set_name_visibility(user: User, visible: bool) -> None:
    user.show_name_publicly = visible


def certificate_uids(enrolment_ids: list[int]) -> dict[int, str]:
    """Enrolment id -> its certificate's public id, for the enrolments that have one."""
    if not enrolment_ids:
        return {}
    return dict(db.session.execute(
        select(Certificate.enrolment_id, Certificate.uid).where(Certificate.enrolment_id.in_(enrolment_ids))).all())
