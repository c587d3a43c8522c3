"""Each award's and course certificate's Open Badges 3.0 credential: built through badges.ob3, signed once
(a Data Integrity proof, eddsa-rdfc-2022, and a VC-JWT) with the issuer's current key, and kept,
so that what a learner downloads is always the same signed bytes. Awarding signs at once; the
``sign-missing-credentials`` job signs any award without one: those from before Open Badges 3.0,
and those the bulk award sweep makes (signing thousands at once would hold its transaction long).
A certificate's credential names a hosted Achievement of achievementType Certificate."""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from badges.identity import hash_email
from badges.ob3 import credentials as ob3, jwt, proofs
from lms.awards import issuer_keys, ob3_documents, queries
from lms.awards.certificates import study_time
from lms.awards.models import (
    Assertion, AwardCredential, Certificate, CertificateCredential, ReplacedCredential, StandaloneAward, StandaloneBadgeClass,
    StandaloneCredential,
)
from lms.core.db import lock_row
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language
from lms.core.jobs import SweepReport
from lms.core.urls import external_url

if TYPE_CHECKING:
    from lms.accounts.models import User

logger = logging.getLogger(__name__)
SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
WORK_TEXT_MAX = 20_000  # characters of one piece of work kept in a credential; longer work is cut there
BATCH = 500  # credentials signed per run of the job: a backlog goes in batches, each its own transaction


def _facts(*, achievement: dict, email: str, issued_on, name: str, description: str, image_url: str | None,
           evidence: list[dict], profile: dict | None = None) -> ob3.CredentialFacts:
    """A credential of ours: a fresh id, the recipient hashed with a salt of its own (or an organisation's
    Profile), our status list."""
    identity, salt = hash_email(email, secrets.token_hex(16)) if profile is None else ("", "")
    return ob3.CredentialFacts(
        credential_id=f"urn:uuid:{uuid.uuid4()}", issuer=ob3_documents.issuer_profile(), valid_from=issued_on,
        valid_until=None, name=name, description=description, image_url=image_url, achievement=achievement,
        recipient_identity=identity, salt=salt, evidence=evidence, status=ob3_documents.credential_status(),
        schema_url=SCHEMA_URL, profile=profile,
    )


def facts_of(uid: str, assertion_id: int, *, shares_work: bool = False) -> ob3.CredentialFacts:
    """What the credential states: the 2.0 award's badge, date and evidence, and the holder's own work
    only if they chose to share it."""
    award = queries.hosted_award(uid)
    badge = queries.public_badge_class(award.badge_slug)
    # As in the 2.0 assertion: what the award states (the module or course completed, a tutor's
    # reason), never the learner's own work unless they choose (share_work).
    evidence = [{"type": ["Evidence"], "id": external_url("badges.assertion", uid=award.uid, fmt=""),
                 "narrative": award.evidence}] if award.evidence else []
    if shares_work:
        evidence += work_evidence(assertion_id, award.course_language)
    return _facts(achievement=ob3_documents.achievement(badge), email=award.recipient_email, issued_on=award.issued_on,
                  name=award.badge_name, description=award.badge_description,
                  image_url=external_url("badges.badge_image", slug=award.badge_slug), evidence=evidence)


def _signed(facts: ob3.CredentialFacts, *, now: datetime) -> dict:
    """The credential's columns, signed now with the current key: the JSON with its proof, and the VC-JWT."""
    key = issuer_keys.signing_key(now=now)
    unsigned = ob3.build_credential(facts)
    seed = issuer_keys.seed_of(key)
    method = ob3_documents.key_url(key.kid)
    signed = proofs.add_proof(unsigned, seed, method, now)
    return {"credential_id": facts.credential_id, "key_id": key.id, "created_at": now,
            "document": json.dumps(signed, indent=2, ensure_ascii=False), "jwt": jwt.encode(unsigned, seed, method)}


def _kept(row, existing):
    """Insert ``row`` inside a savepoint; a twin signed meanwhile wins (``existing()`` finds it)."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return existing()
    return row


def sign_credential(assertion: Assertion, *, now: datetime) -> AwardCredential:
    """The award's credential, made and signed now unless it has one."""
    existing = _existing(assertion.id)
    if existing:
        return existing
    row = AwardCredential(assertion_id=assertion.id, **_signed(facts_of(assertion.uid, assertion.id), now=now))
    return _kept(row, lambda: _existing(assertion.id))


def work_evidence(assertion_id: int, language: str) -> list[dict]:
    """The holder's reflections and assignments behind the award, as Evidence (the text as they wrote it;
    the genre in the course's language, like the activities' titles)."""
    with in_language(language):
        genres = {"reflection": gettext("Reflection"), "assignment": gettext("Peer-reviewed assignment")}
    return [{"type": ["Evidence"], "name": work.title, "genre": genres[work.kind],
             "narrative": work.text[:WORK_TEXT_MAX]} for work in queries.work_of(assertion_id)]


def share_work(user: User, uid: str, share: bool, *, now: datetime) -> AwardCredential:
    """Sign the holder's credential again with their own work as evidence, or without it. The credential
    it replaces is published as revoked ("replaced"), so a copy handed out before points to the new one.
    Asking for what already is changes nothing (a double click replaces once)."""
    row = my_credential(user, uid)
    lock_row(AwardCredential, row.id)  # a second click waits here, then finds the change made
    db.session.refresh(row)
    if row.shares_work == share:
        return row
    db.session.add(ReplacedCredential(credential_id=row.credential_id, assertion_id=row.assertion_id, replaced_at=now))
    for column, value in _signed(facts_of(uid, row.assertion_id, shares_work=share), now=now).items():
        setattr(row, column, value)
    row.shares_work = share
    return row


def certificate_facts(certificate: Certificate) -> ob3.CredentialFacts:
    """What a certificate's credential states: its course's Achievement, the date, and, as evidence, what
    the PDF states (the modules completed and the study time), never the learner's own work."""
    facts = queries.certificate_facts(certificate.id)
    achievement = ob3_documents.certificate_achievement(facts)
    with in_language(facts.course_language):
        narrative = gettext("Modules completed: %(modules)s. Study time: %(hours)s.",
                            modules="; ".join(facts.modules or []), hours=study_time(facts.hours))
    evidence = [{"type": ["Evidence"], "id": external_url("badges.certificate", uid=facts.uid), "narrative": narrative}]
    return _facts(achievement=achievement, email=facts.recipient_email, issued_on=facts.issued_on,
                  name=achievement["name"], description=achievement["description"], image_url=None, evidence=evidence)


def sign_certificate(certificate: Certificate, *, now: datetime) -> CertificateCredential:
    """The certificate's credential, made and signed now unless it has one."""
    existing = _existing_for_certificate(certificate.id)
    if existing:
        return existing
    row = CertificateCredential(certificate_id=certificate.id, **_signed(certificate_facts(certificate), now=now))
    return _kept(row, lambda: _existing_for_certificate(certificate.id))


def _existing_for_certificate(certificate_id: int) -> CertificateCredential | None:
    return db.session.scalar(select(CertificateCredential).where(CertificateCredential.certificate_id == certificate_id))


def _existing(assertion_id: int) -> AwardCredential | None:
    return db.session.scalar(select(AwardCredential).where(AwardCredential.assertion_id == assertion_id))


def sign_missing(*, now: datetime) -> SweepReport:
    """Awards and certificates without their credential (issued before Open Badges 3.0, or a signing
    that failed): sign up to BATCH of each; the next run goes on. Once all have one, a run signs none."""
    report = SweepReport()
    ids = queries.assertions_without_credential(BATCH)
    for assertion in db.session.scalars(select(Assertion).where(Assertion.id.in_(ids)).order_by(Assertion.id)):
        sign_credential(assertion, now=now)
        report.recorded += 1
    ids = queries.certificates_without_credential(BATCH)
    for certificate in db.session.scalars(select(Certificate).where(Certificate.id.in_(ids)).order_by(Certificate.id)):
        sign_certificate(certificate, now=now)
        report.recorded += 1
    has = select(StandaloneCredential.id).where(StandaloneCredential.award_id == StandaloneAward.id).exists()
    for award in db.session.scalars(select(StandaloneAward).where(~has).order_by(StandaloneAward.id).limit(BATCH)):
        sign_standalone(award, now=now)
        report.recorded += 1
    return report


def standalone_facts(award: StandaloneAward) -> ob3.CredentialFacts:
    """A standalone award's credential: its badge's Achievement, and the person's hashed e-mail or the
    organisation's Profile (its web address and name) as subject; its evidence as the 2.0 assertion's."""
    badge = db.session.get(StandaloneBadgeClass, award.badge_class_id)
    page = external_url("badges.standalone_award", uid=award.uid, fmt="")
    evidence = [{"type": ["Evidence"], "id": item.get("url") or page, "name": item["name"],
                 **({"narrative": item["narrative"]} if item.get("narrative") else {})} for item in award.evidence or []]
    profile = ({"id": award.recipient_url, "name": award.recipient_name, "url": award.recipient_url}
               if award.recipient_kind == "organisation" else None)
    return _facts(achievement=ob3_documents.standalone_achievement(badge), email=award.recipient_email or "",
                  issued_on=award.issued_on, name=badge.name, description=badge.description,
                  image_url=external_url("badges.standalone_image", slug=badge.slug), evidence=evidence, profile=profile)


def standalone_credential_of(award_id: int) -> StandaloneCredential | None:
    return db.session.scalar(select(StandaloneCredential).where(StandaloneCredential.award_id == award_id))


def sign_standalone(award: StandaloneAward, *, now: datetime) -> StandaloneCredential:
    """The standalone award's credential, made and signed now unless it has one."""
    existing = standalone_credential_of(award.id)
    if existing:
        return existing
    row = StandaloneCredential(award_id=award.id, **_signed(standalone_facts(award), now=now))
    return _kept(row, lambda: standalone_credential_of(award.id))


def _sign_any(award: Assertion | Certificate | StandaloneAward, *, now: datetime):
    if isinstance(award, Certificate):
        return sign_certificate(award, now=now)
    if isinstance(award, StandaloneAward):
        return sign_standalone(award, now=now)
    return sign_credential(award, now=now)


def sign_soon(awards: list[Assertion | Certificate | StandaloneAward], *, now: datetime) -> None:
    """Sign new awards and certificates at once. Awarding must not fail for want of a signature: a
    failure is logged and rolled back to before it, and the ``sign-missing-credentials`` job signs later."""
    for award in awards:
        try:
            with db.session.begin_nested():
                _sign_any(award, now=now)
        except Exception:  # noqa: BLE001 - anything at all: the award stands, the job retries
            logger.exception("Open Badges 3.0 credential for %s not signed; the job will retry", award.uid)


def my_credential(user: User, uid: str) -> AwardCredential:
    """The holder's own credential of a live award; anyone else, or a revoked award: NotFound."""
    found = queries.credential_of(uid)
    if found is None or found[0].user_id != user.id or found[0].revoked_at is not None or found[1] is None:
        raise NotFound(gettext("No such badge award."))
    return found[1]


def signed_awards(assertion_ids: list[int]) -> dict[int, bool]:
    """The awards among these whose credential is signed (the holder's page offers its downloads), each
    with whether it carries the holder's own work."""
    return queries.signed_assertion_ids(assertion_ids)


def my_certificate_credential(user: User, uid: str) -> CertificateCredential:
    """The holder's own credential of a live certificate; anyone else, or a revoked one: NotFound."""
    found = queries.certificate_credential_of(uid)
    if found is None or found[0].user_id != user.id or found[0].revoked_at is not None or found[1] is None:
        raise NotFound(gettext("No such certificate."))
    return found[1]


def certified_course(slug: str):
    """The course behind a certificate Achievement's URL; NotFound for any other slug."""
    course = queries.certified_course(slug)
    if course is None:
        raise NotFound(gettext("No such course."))
    return course


def certificate_signed(certificate: Certificate) -> bool:
    """Whether a live certificate's credential is signed (its holder's page then offers it)."""
    return certificate.revoked_at is None and _existing_for_certificate(certificate.id) is not None
