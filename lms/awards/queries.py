"""Awards' read-only window onto courses, learning and accounts: awards with their
badge, course, recipient and run; what completions still lack their award (as plain rows,
for the sweep that awards them in bulk)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, bindparam, func, literal, select

from lms.accounts.models import User
from lms.activities.models import Reflection
from lms.awards.models import (
    Assertion, AwardCredential, Certificate, CertificateCredential, ReplacedCredential, StandaloneAward, StandaloneCredential,
)
from lms.core.errors import NotFound
from lms.core.i18n import gettext
from lms.core.extensions import db
from lms.courses.models import Activity, BadgeClass, Course, Module, Run
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress
from lms.peer_review.models import Submission


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
        raise NotFound(gettext("No such badge award."))
    return Award(*row)


# The public documents' reads, as Core statements built once: one row of plain values per
# request (no ORM entities), enough for the ETag, the JSON-LD, the baked image and the page.
REPLACED = "Replaced by its holder with a newer credential."  # published as is: the list is in the issuer's words
_assertions, _badges, _courses, _runs, _users = (model.__table__ for model in (Assertion, BadgeClass, Course, Run, User))
_HOSTED_AWARD = (
    select(_assertions.c.uid, _assertions.c.recipient_email, _assertions.c.salt, _assertions.c.issued_on,
           _assertions.c.evidence, _assertions.c.revoked_at, _assertions.c.revocation_reason,
           _badges.c.slug.label("badge_slug"), _badges.c.name.label("badge_name"),
           _badges.c.description.label("badge_description"), _badges.c.image_path,
           _courses.c.slug.label("course_slug"), _courses.c.title.label("course_title"), _runs.c.title.label("run_title"),
           _users.c.name.label("holder_name"), _users.c.show_name_publicly, _courses.c.language.label("course_language"))
    .join_from(_assertions, _badges, _badges.c.id == _assertions.c.badge_class_id)
    .join(_courses, _courses.c.id == _badges.c.course_id).join(_runs, _runs.c.id == _assertions.c.run_id)
    .join(_users, _users.c.id == _assertions.c.user_id)
    .where(_assertions.c.uid == bindparam("uid"))
)
_PUBLIC_BADGE_CLASS = (
    select(_badges.c.slug, _badges.c.name, _badges.c.description, _badges.c.criteria, _badges.c.image_path, _badges.c.tags,
           _badges.c.alignment, _courses.c.slug.label("course_slug"), _courses.c.title.label("course_title"),
           _courses.c.outcomes.label("course_outcomes"), _courses.c.language.label("course_language"))
    .join_from(_badges, _courses, _courses.c.id == _badges.c.course_id)
    .where(_badges.c.slug == bindparam("slug"))
)
# Revocation is recorded once and never undone, so the revoked set only grows: its size and
# latest time name its state (both from the index on revoked_at).
# Standalone awards (programmes', award schemes') are revoked the same way and listed beside them.
_standalone = StandaloneAward.__table__
_REVOCATIONS_STATE = select(*(select(function).where(table.c.revoked_at.is_not(None)).scalar_subquery()
                              for table in (_assertions, _standalone)
                              for function in (func.count(), func.max(table.c.revoked_at))))
_REVOKED_BOTH = select(_assertions.c.uid, _assertions.c.revocation_reason, literal(False).label("standalone"),
                       _assertions.c.revoked_at, _assertions.c.id).where(_assertions.c.revoked_at.is_not(None)).union_all(
    select(_standalone.c.uid, _standalone.c.revocation_reason, literal(True).label("standalone"), _standalone.c.revoked_at,
           _standalone.c.id).where(_standalone.c.revoked_at.is_not(None))).subquery()
_REVOKED = select(_REVOKED_BOTH.c.uid, _REVOKED_BOTH.c.revocation_reason, _REVOKED_BOTH.c.standalone).order_by(
    _REVOKED_BOTH.c.revoked_at, _REVOKED_BOTH.c.standalone, _REVOKED_BOTH.c.id)


def _read_one(statement, parameters: dict | None = None) -> Row | None:
    """One row as plain values, no ORM entity. The request's session ends a read-only request
    with COMMIT on PostgreSQL (core.extensions), so psycopg keeps its prepared statements."""
    return db.session.execute(statement, parameters).first()


def hosted_award(uid: str) -> Row | None:
    """The award behind a public URL as plain values (see _HOSTED_AWARD), or None."""
    return _read_one(_HOSTED_AWARD, {"uid": uid})


def public_badge_class(slug: str) -> Row | None:
    """A badge class with its course's slug, title and outcomes as plain values, or None."""
    return _read_one(_PUBLIC_BADGE_CLASS, {"slug": slug})


def revocations_state() -> tuple:
    return tuple(_read_one(_REVOCATIONS_STATE))  # one statement: counts and latest times of both kinds


def revoked_uids() -> list[Row]:
    """(uid, revocation reason, standalone) of every revoked assertion, course badges' and standalone
    ones', in the order they were revoked."""
    return db.session.execute(_REVOKED).all()


def list_my_awards(user: User) -> list[Award]:
    """The recipient's own list (private)."""
    return [Award(*row) for row in db.session.execute(
        _award_query().where(Assertion.user_id == user.id).order_by(Assertion.issued_on.desc(), Assertion.id.desc()))]


def list_badge_classes() -> list[BadgeClass]:
    return list(db.session.scalars(select(BadgeClass).where(BadgeClass.archived_at.is_(None)).order_by(BadgeClass.slug)))


def get_badge_class(slug: str) -> tuple[BadgeClass, Course]:
    row = db.session.execute(select(BadgeClass, Course).join(Course, Course.id == BadgeClass.course_id)
                             .where(BadgeClass.slug == slug)).first()
    if row is None:
        raise NotFound(gettext("No such badge."))
    return row[0], row[1]


def revoked_awards() -> list[Assertion]:
    return list(db.session.scalars(select(Assertion).where(Assertion.revoked_at.is_not(None)).order_by(Assertion.revoked_at)))


@dataclass(frozen=True)
class CertificateRow:
    certificate: Certificate
    course: Course
    run: Run
    user: User
    enrolled_at: datetime
    completed_at: datetime | None  # the course completion (a certificate issued by hand may have none)


def get_certificate(uid: str) -> CertificateRow:
    row = db.session.execute(
        select(Certificate, Course, Run, User, Enrolment.enrolled_at, CourseCompletion.completed_at)
        .join(Course, Course.id == Certificate.course_id).join(Run, Run.id == Certificate.run_id)
        .join(User, User.id == Certificate.user_id).join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .outerjoin(CourseCompletion, CourseCompletion.enrolment_id == Certificate.enrolment_id)
        .where(Certificate.uid == uid)
    ).first()
    if row is None:
        raise NotFound(gettext("No such certificate."))
    return CertificateRow(*row)


def list_my_certificates(user: User) -> list[tuple[Certificate, Course]]:
    return list(db.session.execute(select(Certificate, Course).join(Course, Course.id == Certificate.course_id)
                                   .where(Certificate.user_id == user.id).order_by(Certificate.issued_on.desc())).all())


def course_awards(course_id: int) -> tuple[list[Award], list[Certificate]]:
    awards = [Award(*row) for row in db.session.execute(
        _award_query().where(Course.id == course_id).order_by(Assertion.issued_on.desc()))]
    certificates = list(db.session.scalars(select(Certificate).where(Certificate.course_id == course_id)
                                           .order_by(Certificate.issued_on.desc())))
    return awards, certificates


def completed_modules(enrolment_id: int) -> list[Row]:
    """(title, estimated minutes) of the modules the enrolment completed, in course order."""
    return db.session.execute(
        select(Module.title, Module.estimated_minutes).join(ModuleProgress, ModuleProgress.module_id == Module.id)
        .where(ModuleProgress.enrolment_id == enrolment_id, ModuleProgress.completed_at.is_not(None))
        .order_by(Module.position)
    ).all()


def _not_awarded():
    return ~select(Assertion.id).where(Assertion.badge_class_id == BadgeClass.id, Assertion.user_id == Enrolment.user_id,
                                       Assertion.run_id == Enrolment.run_id).exists()


def module_badges_missing() -> list[Row]:
    """Each completed module's badge not yet awarded in its run, with what the award and its
    notification say: (user_id, run_id, badge_id, badge_name, email, course_slug, course_title, completed,
    course_language)."""
    return db.session.execute(
        select(Enrolment.user_id, Enrolment.run_id, BadgeClass.id.label("badge_id"), BadgeClass.name.label("badge_name"),
               User.email, Course.slug.label("course_slug"), Course.title.label("course_title"),
               Module.title.label("completed"), Course.language.label("course_language"))
        .join(ModuleProgress, ModuleProgress.enrolment_id == Enrolment.id).join(Module, Module.id == ModuleProgress.module_id)
        .join(BadgeClass, (BadgeClass.module_id == Module.id) & BadgeClass.archived_at.is_(None))
        .join(Course, Course.id == BadgeClass.course_id).join(User, User.id == Enrolment.user_id)
        .where(ModuleProgress.completed_at.is_not(None), _not_awarded())
        .order_by(Enrolment.id, Module.position)
    ).all()


def course_badges_missing() -> list[Row]:
    """Each completed course's badge not yet awarded in its run; the same columns as module_badges_missing."""
    return db.session.execute(
        select(Enrolment.user_id, Enrolment.run_id, BadgeClass.id.label("badge_id"), BadgeClass.name.label("badge_name"),
               User.email, Course.slug.label("course_slug"), Course.title.label("course_title"),
               Course.title.label("completed"), Course.language.label("course_language"))
        .join(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id).join(Run, Run.id == Enrolment.run_id)
        .join(Course, Course.id == Run.course_id)
        .join(BadgeClass, (BadgeClass.course_id == Course.id) & BadgeClass.module_id.is_(None) & BadgeClass.archived_at.is_(None))
        .join(User, User.id == Enrolment.user_id)
        .where(_not_awarded())
        .order_by(Enrolment.id)
    ).all()


def _uncertified():
    return (select(Enrolment.id).join(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
            .where(~select(Certificate.id).where(Certificate.enrolment_id == Enrolment.id).exists()))


def certificates_missing() -> list[Row]:
    """Each course completion without its certificate: (enrolment_id, user_id, course_id, run_id, name)."""
    return db.session.execute(
        select(Enrolment.id.label("enrolment_id"), Enrolment.user_id, Run.course_id, Enrolment.run_id, User.name)
        .join(Run, Run.id == Enrolment.run_id).join(User, User.id == Enrolment.user_id)
        .where(Enrolment.id.in_(_uncertified())).order_by(Enrolment.id)
    ).all()


def modules_completed_without_certificate() -> list[Row]:
    """(enrolment_id, title, estimated minutes) of the modules completed by each enrolment of
    certificates_missing(), in course order: what its certificate lists."""
    return db.session.execute(
        select(ModuleProgress.enrolment_id, Module.title, Module.estimated_minutes)
        .join(Module, Module.id == ModuleProgress.module_id)
        .where(ModuleProgress.enrolment_id.in_(_uncertified()), ModuleProgress.completed_at.is_not(None))
        .order_by(ModuleProgress.enrolment_id, Module.position)
    ).all()


def certificate_parts(enrolment: Enrolment) -> tuple[Run, Course, User]:
    run = db.session.get(Run, enrolment.run_id)
    return run, db.session.get(Course, run.course_id), db.session.get(User, enrolment.user_id)


def latest_enrolment_in_course(user_id: int, course_id: int) -> Enrolment | None:
    return db.session.scalar(
        select(Enrolment).join(Run, Run.id == Enrolment.run_id)
        .where(Enrolment.user_id == user_id, Run.course_id == course_id).order_by(Enrolment.enrolled_at.desc())
    )


# --- Open Badges 3.0 credentials -------------------------------------------------------------------


def revoked_credentials() -> list[Row]:
    """(credential id, revocation reason) of every revoked award's and certificate's 3.0 credential,
    in the order revoked."""
    awards = (select(AwardCredential.credential_id, Assertion.revocation_reason, Assertion.revoked_at)
              .join(Assertion, Assertion.id == AwardCredential.assertion_id).where(Assertion.revoked_at.is_not(None)))
    certificates = (select(CertificateCredential.credential_id, Certificate.revocation_reason, Certificate.revoked_at)
                    .join(Certificate, Certificate.id == CertificateCredential.certificate_id)
                    .where(Certificate.revoked_at.is_not(None)))
    replaced = select(ReplacedCredential.credential_id, literal(REPLACED).label("revocation_reason"),
                      ReplacedCredential.replaced_at.label("revoked_at"))
    standalone = (select(StandaloneCredential.credential_id, StandaloneAward.revocation_reason, StandaloneAward.revoked_at)
                  .join(StandaloneAward, StandaloneAward.id == StandaloneCredential.award_id)
                  .where(StandaloneAward.revoked_at.is_not(None)))
    both = awards.union_all(certificates, replaced, standalone).subquery()
    return db.session.execute(select(both.c.credential_id, both.c.revocation_reason)
                              .order_by(both.c.revoked_at, both.c.credential_id)).all()


def assertions_without_credential(limit: int) -> list[int]:
    """Ids of awards (revoked ones too: the status list then says so) still lacking their 3.0 credential."""
    has = select(AwardCredential.id).where(AwardCredential.assertion_id == Assertion.id).exists()
    return list(db.session.scalars(select(Assertion.id).where(~has).order_by(Assertion.id).limit(limit)))


def credential_of(uid: str) -> tuple[Assertion, AwardCredential | None] | None:
    """The award behind ``uid`` with its 3.0 credential (None while it has none), or None."""
    row = db.session.execute(select(Assertion, AwardCredential).outerjoin(
        AwardCredential, AwardCredential.assertion_id == Assertion.id).where(Assertion.uid == uid)).first()
    return (row[0], row[1]) if row else None


def signed_assertion_ids(assertion_ids: list[int]) -> dict[int, bool]:
    """Which of these awards already have their 3.0 credential (one learner's list: a few ids), each with
    whether it shares the holder's work."""
    if not assertion_ids:
        return {}
    return dict(db.session.execute(select(AwardCredential.assertion_id, AwardCredential.shares_work)
                                   .where(AwardCredential.assertion_id.in_(assertion_ids))).all())


def credential_revoked(credential_id: str) -> bool | None:
    """Whether the award or certificate behind this 3.0 credential id is revoked; None if no such
    credential of ours."""
    row = _read_one(select(Assertion.revoked_at).join(AwardCredential, AwardCredential.assertion_id == Assertion.id)
                    .where(AwardCredential.credential_id == credential_id)) or _read_one(
        select(Certificate.revoked_at).join(CertificateCredential, CertificateCredential.certificate_id == Certificate.id)
        .where(CertificateCredential.credential_id == credential_id)) or _read_one(
        select(StandaloneAward.revoked_at).join(StandaloneCredential, StandaloneCredential.award_id == StandaloneAward.id)
        .where(StandaloneCredential.credential_id == credential_id))
    if row is None and db.session.scalar(select(ReplacedCredential.id).where(ReplacedCredential.credential_id == credential_id)):
        return True
    return None if row is None else row.revoked_at is not None


def work_of(assertion_id: int) -> list[Row]:
    """(kind, activity title, text, when) of the holder's own reflections and peer-reviewed work behind
    an award: in the badge's module, or in every module of the course for the course badge."""
    award = select(Assertion.user_id, Assertion.run_id, BadgeClass.module_id, BadgeClass.course_id).join(
        BadgeClass, BadgeClass.id == Assertion.badge_class_id).where(Assertion.id == assertion_id).subquery()
    in_scope = (Activity.module_id == award.c.module_id) | (
        award.c.module_id.is_(None) & Activity.module_id.in_(select(Module.id).where(Module.course_id == award.c.course_id)))
    mine = (Enrolment.user_id == award.c.user_id) & (Enrolment.run_id == award.c.run_id)
    reflections = (select(literal("reflection").label("kind"), Activity.title, Reflection.text, Reflection.submitted_at.label("at"),
                          Activity.position, Activity.module_id)
                   .join(Activity, Activity.id == Reflection.activity_id).join(Enrolment, Enrolment.id == Reflection.enrolment_id)
                   .join(award, mine).where(in_scope))
    submissions = (select(literal("assignment").label("kind"), Activity.title, Submission.text, Submission.submitted_at.label("at"),
                          Activity.position, Activity.module_id)
                   .join(Activity, Activity.id == Submission.activity_id).join(Enrolment, Enrolment.id == Submission.enrolment_id)
                   .join(award, mine).where(in_scope, Submission.hidden_at.is_(None)))
    both = reflections.union_all(submissions).subquery()
    return db.session.execute(select(both.c.kind, both.c.title, both.c.text, both.c.at)
                              .order_by(both.c.module_id, both.c.position, both.c.kind)).all()


def certificate_facts(certificate_id: int) -> Row:
    """What a certificate's credential states: the certificate, its course, and the holder's e-mail now."""
    return db.session.execute(
        select(Certificate.uid, Certificate.issued_on, Certificate.hours, Certificate.modules,
               User.email.label("recipient_email"), Course.slug.label("course_slug"), Course.title.label("course_title"),
               Course.summary.label("course_summary"), Course.language.label("course_language"),
               Course.outcomes.label("course_outcomes"))
        .join(User, User.id == Certificate.user_id).join(Course, Course.id == Certificate.course_id)
        .where(Certificate.id == certificate_id)).one()


def certified_course(slug: str) -> Row | None:
    """A course that issues certificates, as its certificate's Achievement needs it, or None."""
    return _read_one(select(Course.slug.label("course_slug"), Course.title.label("course_title"),
                            Course.summary.label("course_summary"), Course.language.label("course_language"),
                            Course.outcomes.label("course_outcomes")).where(Course.slug == slug))


def certificates_without_credential(limit: int) -> list[int]:
    """Ids of certificates (revoked ones too) still lacking their 3.0 credential."""
    has = select(CertificateCredential.id).where(CertificateCredential.certificate_id == Certificate.id).exists()
    return list(db.session.scalars(select(Certificate.id).where(~has).order_by(Certificate.id).limit(limit)))


def certificate_credential_of(uid: str) -> tuple[Certificate, CertificateCredential | None] | None:
    """The certificate behind ``uid`` with its 3.0 credential (None while it has none), or None."""
    row = db.session.execute(select(Certificate, CertificateCredential).outerjoin(
        CertificateCredential, CertificateCredential.certificate_id == Certificate.id).where(Certificate.uid == uid)).first()
    return (row[0], row[1]) if row else None


def held_credentials(user_id: int, *, since: datetime | None, limit: int, offset: int) -> tuple[int, list[Row]]:
    """A holder's signed 3.0 credentials (document, jwt) of their live awards, certificates and standalone
    (programme) awards, oldest first (then awards, certificates, standalone ones, then as signed): how many in all, and the page asked for.
    Revoked ones are left out; not yet signed ones appear once the job has signed them."""
    awards = (select(AwardCredential.document, AwardCredential.jwt, Assertion.issued_on, literal(0).label("kind"),
                     AwardCredential.id.label("row_id"))
              .join(Assertion, Assertion.id == AwardCredential.assertion_id)
              .where(Assertion.user_id == user_id, Assertion.revoked_at.is_(None)))
    certificates = (select(CertificateCredential.document, CertificateCredential.jwt, Certificate.issued_on,
                           literal(1).label("kind"), CertificateCredential.id.label("row_id"))
                    .join(Certificate, Certificate.id == CertificateCredential.certificate_id)
                    .where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None)))
    standalone = (select(StandaloneCredential.document, StandaloneCredential.jwt, StandaloneAward.issued_on,
                         literal(2).label("kind"), StandaloneCredential.id.label("row_id"))
                  .join(StandaloneAward, StandaloneAward.id == StandaloneCredential.award_id)
                  .where(StandaloneAward.user_id == user_id, StandaloneAward.revoked_at.is_(None)))
    if since is not None:  # signed since: a credential signed again (its holder's work shared) is new too
        awards = awards.where(AwardCredential.created_at > since)
        certificates = certificates.where(CertificateCredential.created_at > since)
        standalone = standalone.where(StandaloneCredential.created_at > since)
    held = awards.union_all(certificates, standalone).subquery()
    total = db.session.scalar(select(func.count()).select_from(held))
    page = db.session.execute(select(held.c.document, held.c.jwt).order_by(held.c.issued_on, held.c.kind, held.c.row_id)
                              .limit(limit).offset(offset)).all() if total > offset else []
    return total, page
