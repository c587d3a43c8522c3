"""Awarding badges and certificates: one service, called when progress reports a
completion, by a tutor's manual award, and by a sweep that catches anything missed.

One award per learner, badge and run whatever the races (a unique constraint);
nothing is ever deleted: revocation keeps the row and records why."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from lms.accounts import services as accounts
from lms.awards import credentials, queries
from lms.awards.models import Assertion, Certificate
from lms.awards.queries import (
    Award,
    CertificateRow,
    get_award,
    get_badge_class,
    get_certificate,
    held_credentials,  # the wallets' Open Badges API reads a holder's signed credentials
    list_badge_classes,
    list_my_awards,
    list_my_certificates,
    revoked_awards,
)
from lms.core.access import can_teach
from lms.core.audit import record_audit
from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import DomainError, NotFound, PermissionDenied, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language
from lms.core.jobs import SweepReport
from lms.courses.services import content
from lms.notifications.services import notify_each, notify_user

from lms.awards.services.hosted import (
    hosted_document, ob3_key_document, standalone_baked_image, standalone_credential_document,
)
from lms.awards.services.programme_certificates import (
    TranscriptLine, issue_programme_certificate, programme_certificate_urls, programme_certificates_of_user,
)
from lms.awards.services.standalone import (
    EvidenceItem, Recipient, StandaloneAwardView, StandaloneBadge, issue_standalone, revoke_standalone, standalone_award,
    standalone_awards_of_user, standalone_source,
)

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import BadgeClass, Course, Module, Run
    from lms.learning.models import Enrolment

__all__ = [
    "Award", "CertificateRecord", "award_badge", "award_by_hand", "award_for_completions", "award_missing", "certificate_uids", "get_award",
    "get_badge_class", "get_public_certificate", "issue_certificate", "list_badge_classes", "list_course_awards",
    "list_my_awards", "list_my_certificates", "my_certificate", "revoke_badge", "revoke_certificate", "revoked_awards",
    "move_awards", "set_name_visibility", "CredentialToSend", "credential_to_send",
    "held_credentials", "hosted_document", "ob3_key_document",
    "StandaloneBadge", "Recipient", "EvidenceItem", "StandaloneAwardView", "issue_standalone", "revoke_standalone",
    "standalone_award", "standalone_awards_of_user", "TranscriptLine", "issue_programme_certificate",
    "programme_certificate_urls", "programme_certificates_of_user", "standalone_baked_image",
    "standalone_credential_document", "standalone_source",
]


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
    credentials.sign_soon([assertion], now=now)
    course = content.get_course(badge.course_id)
    notify_user(
        user.id, kind="badge_awarded", key=f"badge_awarded:{assertion.uid}",
        payload={"course": course.slug, "course_title": course.title, "course_language": course.language,
                 "badge_title": badge.name, "assertion": assertion.uid},
        now=now,
    )
    return assertion, True


def _existing(badge_id: int, user_id: int, run_id: int) -> Assertion | None:
    return db.session.scalar(select(Assertion).where(
        Assertion.badge_class_id == badge_id, Assertion.user_id == user_id, Assertion.run_id == run_id))


def evidence_of(what: str, title: str, language: str) -> str:
    """What an award states as its evidence, in the course's language: it stands beside the
    badge's own words (course content) on its public page and in its Open Badges document."""
    with in_language(language):
        if what == "course":
            return gettext("Completed the course “%(title)s”.", title=title)
        return gettext("Completed the module “%(title)s”.", title=title)


def award_for_completions(enrolment: Enrolment, modules: list[Module], course: Course | None, *, now: datetime) -> list[Assertion]:
    """Called by the progress service with what it has just seen completed."""
    user = accounts.get_user(enrolment.user_id)
    awarded = []
    for module in modules:
        badge = content.module_badge(module.id)
        if badge:
            language = content.get_course(module.course_id).language
            awarded.append(award_badge(user, badge, enrolment.run_id, now=now,
                                       evidence=evidence_of("module", module.title, language))[0])
    if course is not None:
        badge = content.course_badge(course.id)
        if badge:
            awarded.append(award_badge(user, badge, enrolment.run_id, now=now,
                                       evidence=evidence_of("course", course.title, course.language))[0])
        issue_certificate(enrolment, now=now)
    return awarded


def issue_certificate(enrolment: Enrolment, *, now: datetime) -> Certificate:
    existing = db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment.id))
    if existing:
        return existing
    run, course, user = queries.certificate_parts(enrolment)
    completed = queries.completed_modules(enrolment.id)
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
    credentials.sign_soon([certificate], now=now)
    return certificate


def award_missing(*, now: datetime) -> SweepReport:
    """Completions without their badges or certificate (a course's end, a badge declared after
    the fact, an award lost): award them now, in bulk, whatever the cohort: a few statements for
    the lot. Counts the badges and certificates issued; a second run issues none."""
    report = SweepReport()
    report.recorded += _award_in_bulk(queries.module_badges_missing(), "module", now=now)
    report.recorded += _award_in_bulk(queries.course_badges_missing(), "course", now=now)
    report.recorded += _certify_in_bulk(now=now)
    return report


def _award_in_bulk(missing: list, what: str, *, now: datetime) -> int:
    """Insert these awards (a fresh uid and salt each; one award per badge, learner and run
    whatever the races) and tell each learner, one notification insert for all."""
    if not missing:
        return 0
    evidence = {key: evidence_of(what, *key) for key in {(award.completed, award.course_language) for award in missing}}
    rows = [{"uid": _uid(), "badge_class_id": award.badge_id, "user_id": award.user_id, "run_id": award.run_id,
             "recipient_email": award.email, "salt": secrets.token_hex(16), "issued_on": now,
             "evidence": evidence[award.completed, award.course_language]} for award in missing]
    inserted = set(db.session.scalars(
        insert_ignoring_duplicates(Assertion, conflict_columns=["badge_class_id", "user_id", "run_id"]).returning(Assertion.uid),
        rows))
    notify_each(
        [(row["user_id"], f"badge_awarded:{row['uid']}",
          {"course": award.course_slug, "course_title": award.course_title, "course_language": award.course_language,
           "badge_title": award.badge_name, "assertion": row["uid"]})
         for row, award in zip(rows, missing) if row["uid"] in inserted],
        kind="badge_awarded", now=now)
    return len(inserted)


def _certify_in_bulk(*, now: datetime) -> int:
    """The certificates of course completions that lack theirs, with the modules each completed."""
    missing = queries.certificates_missing()
    if not missing:
        return 0
    completed: dict[int, list] = {}
    for enrolment_id, title, minutes in queries.modules_completed_without_certificate():
        completed.setdefault(enrolment_id, []).append((title, minutes))
    rows = [{"uid": _uid(), "enrolment_id": row.enrolment_id, "user_id": row.user_id, "course_id": row.course_id,
             "run_id": row.run_id, "recipient_name": row.name, "issued_on": now,
             "hours": round(sum(minutes for _, minutes in completed.get(row.enrolment_id, [])) / 60, 1),
             "modules": [title for title, _ in completed.get(row.enrolment_id, [])]} for row in missing]
    return len(db.session.scalars(
        insert_ignoring_duplicates(Certificate, conflict_columns=["enrolment_id"]).returning(Certificate.id), rows).all())


# --- by hand: tutors and operators ---------------------------------------------------------


def _can_manage(actor: User | None, course_id: int) -> bool:
    return actor is None or can_teach(actor, course_id)  # None: an operator at the command line


def award_by_hand(actor: User | None, *, email: str, badge_slug: str, reason: str, now: datetime) -> tuple[Assertion, bool]:
    badge = content.badge_by_slug(badge_slug)
    if badge is None:
        raise NotFound(gettext("No badge '%(slug)s'. 'flask badges list' shows them.", slug=badge_slug))
    if not _can_manage(actor, badge.course_id):
        raise PermissionDenied(gettext("Only the tutors of this course can award its badges."))
    if not reason.strip():
        raise ValidationError("reason", gettext("Give a reason for the award."))
    user = accounts.get_user_by_email(email)
    if user is None:
        raise NotFound(gettext("No account with the e-mail %(email)s.", email=email))
    enrolment = queries.latest_enrolment_in_course(user.id, badge.course_id)
    if enrolment is None:
        raise DomainError(gettext("%(email)s is not enrolled in this badge's course.", email=email))
    with in_language(content.get_course(badge.course_id).language):  # beside the badge's words, as evidence_of
        evidence = gettext("Awarded by a tutor: %(reason)s", reason=reason.strip())
    return award_badge(user, badge, enrolment.run_id, now=now, reason=reason.strip(), evidence=evidence, awarded_by=actor)


def revoke_badge(actor: User | None, uid: str, *, reason: str, now: datetime, course_slug: str | None = None) -> Assertion:
    """``course_slug``: the course whose awards page the tutor is on; an award of another course is not on it."""
    assertion = db.session.scalar(select(Assertion).where(Assertion.uid == uid))
    if assertion is None:
        raise NotFound(gettext("No such badge award."))
    course_id = content.get_badge(assertion.badge_class_id).course_id
    _require_course(course_slug, course_id, gettext("No such badge award in this course."))
    if _revoke(actor, assertion, course_id, "badges", reason, now):
        assertion.revoked_by_id = actor.id if actor else None
    return assertion


def revoke_certificate(actor: User | None, uid: str, *, reason: str, now: datetime,
                       course_slug: str | None = None) -> Certificate:
    certificate = db.session.scalar(select(Certificate).where(Certificate.uid == uid))
    if certificate is None:
        raise NotFound(gettext("No such certificate."))
    _require_course(course_slug, certificate.course_id, gettext("No such certificate in this course."))
    _revoke(actor, certificate, certificate.course_id, "certificates", reason, now)
    return certificate


def _require_course(course_slug: str | None, course_id: int, message: str) -> None:
    """An award is managed from its own course's page only: whoever may manage it elsewhere,
    the page's address must not be a back door to another course's awards."""
    if course_slug is not None and content.course_by_slug(course_slug).id != course_id:
        raise NotFound(message)


def _revoke(actor: User | None, award: Assertion | Certificate, course_id: int, what: str, reason: str,
            now: datetime) -> bool:
    """Revocation keeps the row: it records when and why, once. True if revoked now."""
    badges = what == "badges"
    if not _can_manage(actor, course_id):
        raise PermissionDenied(gettext("Only the tutors of this course can revoke its badges.") if badges
                               else gettext("Only the tutors of this course can revoke its certificates."))
    if not reason.strip():
        raise ValidationError("reason", gettext("Give a reason: it is published with the revocation.") if badges
                              else gettext("Give a reason: the verification page shows it."))
    if award.revoked_at is not None:
        return False
    award.revoked_at, award.revocation_reason = now, reason.strip()
    record_audit(action="badge.revoke" if badges else "certificate.revoke", now=now, actor_id=actor.id if actor else None,
                 subject_user_id=award.user_id, target_kind="assertion" if badges else "certificate", target_id=award.uid,
                 reason=award.revocation_reason)
    return True


def set_name_visibility(user: User, visible: bool) -> None:
    user.show_name_publicly = visible


def certificate_uids(enrolment_ids: list[int]) -> dict[int, str]:
    """Enrolment id -> its certificate's public id, for the enrolments that have one."""
    if not enrolment_ids:
        return {}
    return dict(db.session.execute(
        select(Certificate.enrolment_id, Certificate.uid).where(Certificate.enrolment_id.in_(enrolment_ids))).all())


def list_course_awards(tutor: User, course_slug: str) -> tuple[Course, list[Award], list[Certificate]]:
    """A course's awards and certificates, for its tutors."""
    course = content.course_by_slug(course_slug)
    if not _can_manage(tutor, course.id):
        raise PermissionDenied(gettext("Only the tutors of this course can see its awards."))
    awards, certificates = queries.course_awards(course.id)
    return course, awards, certificates


@dataclass(frozen=True)
class CertificateRecord:
    """A certificate as its PDF and verification page state it: the holder's own dates, read in their zone."""

    certificate: Certificate
    course: Course
    run: Run
    name: str | None  # None on public pages when the holder keeps their name off them
    zone: str  # the holder's time zone
    language: str  # the holder's saved language: their PDF is drawn in it
    started: datetime  # when they began: their enrolment, or the run's start if they enrolled before it
    finished: datetime  # their course completion


def _certificate_record(row: CertificateRow, *, public: bool) -> CertificateRecord:
    finished = row.completed_at or row.certificate.issued_on
    started = min(max(row.enrolled_at, row.run.starts_at), finished)
    shown = row.user.show_name_publicly or not public
    return CertificateRecord(row.certificate, row.course, row.run, row.certificate.recipient_name if shown else None,
                             row.user.timezone, row.user.language, started, finished)


def get_public_certificate(uid: str) -> CertificateRecord:
    """Public verification, for anyone with the id or the QR code: the name only if its holder shows it."""
    return _certificate_record(get_certificate(uid), public=True)


def my_certificate(user: User, uid: str) -> CertificateRecord:
    """The holder's own certificate (for the PDF): always with their name."""
    row = get_certificate(uid)
    if row.certificate.user_id != user.id:
        raise NotFound(gettext("No such certificate."))
    return _certificate_record(row, public=False)


def move_awards(enrolment_id: int, user_id: int, from_run_id: int, to_run_id: int) -> None:
    """A tutor moved the learner's enrolment to another run of the course (lms.roster): what it
    earned goes with the work that earned it, so the award sweep, which looks for each completion's
    award in the enrolment's run, does not award it twice. Only this course's awards are in
    ``from_run_id``; a badge already held in the new run stays where it is."""
    held = select(Assertion.badge_class_id).where(Assertion.user_id == user_id, Assertion.run_id == to_run_id)
    db.session.execute(update(Assertion).where(Assertion.user_id == user_id, Assertion.run_id == from_run_id,
                                               Assertion.badge_class_id.not_in(held))
                       .values(run_id=to_run_id), execution_options={"synchronize_session": False})
    db.session.execute(update(Certificate).where(Certificate.enrolment_id == enrolment_id).values(run_id=to_run_id),
                       execution_options={"synchronize_session": False})


@dataclass(frozen=True)
class CredentialToSend:
    """A holder's award with its signed Open Badges 3.0 credential as stored at award time (to hand to their wallet)."""
    assertion_id: int
    uid: str
    badge_name: str
    language: str  # the course's: the badge's name is written in it
    revoked: bool
    document: str | None  # the signed JSON (Data Integrity proof), byte for byte as kept; None while unsigned


def credential_to_send(user: User, *, uid: str | None = None, assertion_id: int | None = None) -> CredentialToSend:
    """The holder's own award, by its public id or its row id, with its credential; anyone else's: NotFound."""
    if assertion_id is not None:
        assertion = db.session.get(Assertion, assertion_id)
        uid = assertion.uid if assertion else None
    found = queries.credential_of(uid) if uid else None
    if found is None or found[0].user_id != user.id:
        raise NotFound(gettext("No such badge award."))
    assertion, credential = found
    badge = content.get_badge(assertion.badge_class_id)
    return CredentialToSend(assertion.id, assertion.uid, badge.name, content.get_course(badge.course_id).language,
                            assertion.revoked_at is not None, credential.document if credential else None)
