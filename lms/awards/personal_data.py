"""What awards holds about a person (badges, certificates), for privacy's export and erasure.

Awards are never deleted: erasure revokes them with the reason "account closed", so that a
verifier holding a copy sees a revocation rather than a dead link, and clears the address and
name they were issued to (and the images and PDFs kept on disk with them)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import select, update

from lms.awards import credentials, documents, queries
from lms.awards.certificates import CertificateText, cached_pdf, cached_programme_pdf, day, study_period
from lms.awards.models import Assertion, AwardCredential, Certificate, ProgrammeCertificate, StandaloneAward
from lms.awards.services import my_certificate, programme_certificates, standalone, standalone_documents
from lms.core.extensions import db
from lms.core.i18n import in_language, lazy_gettext
from lms.core.urls import external_url

CLOSED = "account closed"

README = {
    "badges.json": lazy_gettext("The badges you were awarded: which, in which course, when, and whether one was revoked."),
    "certificates.json": lazy_gettext("Your course certificates: the course, the name printed on them, and when they were issued."),
    "badges/": lazy_gettext("Each badge you hold as an Open Badges image (PNG) with its award baked in."),
    "certificates/": lazy_gettext("Each course certificate you hold, as a PDF."),
    "programme_badges.json": lazy_gettext("The badges you were awarded outside a course (a programme's): which, when, "
                                          "with what evidence, and whether one was revoked."),
    "programme_certificates.json": lazy_gettext("Your programme certificates: the programme, the name printed on them, "
                                                "the transcript, and when they were issued."),
    "programme_certificates/": lazy_gettext("Each programme certificate you hold, as a PDF."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "badges.json", _badges(user_id)
    yield "certificates.json", _certificates(user_id)
    yield "programme_badges.json", _standalone(user_id)
    yield "programme_certificates.json", _programme_certificates(user_id)


def _standalone(user_id: int) -> Iterator[dict]:
    for award in standalone.standalone_awards_of_user(user_id):
        yield {"badge": award.badge_slug, "title": award.badge_name, "issued_on": award.issued_on,
               "evidence": [vars(item) for item in award.evidence], "url": award.page_url,
               "revoked_at": award.revoked_at, "revocation_reason": award.revocation_reason}


def _programme_certificates(user_id: int) -> Iterator[dict]:
    for record in programme_certificates.programme_certificates_of_user(user_id):
        yield {"programme": record.title, "name": record.name, "issued_on": record.issued_on, "hours": record.hours,
               "transcript": [{"title": line.title, "started_on": line.started_on, "completed_on": line.completed_on,
                               "hours": line.hours, "outcome": line.outcome} for line in record.lines],
               "url": programme_certificates.programme_certificate_urls(record.uid)["page"],
               "revoked_at": record.revoked_at, "revocation_reason": record.revocation_reason}


def _badges(user_id: int) -> Iterator[dict]:
    for award in queries.list_my_awards(SimpleNamespace(id=user_id)):
        yield {"badge": award.badge.slug, "title": award.badge.name, "course": award.course.slug, "run": award.run.slug,
               "issued_on": award.assertion.issued_on, "evidence": award.assertion.evidence,
               "url": external_url("badges.assertion", uid=award.assertion.uid, fmt=""),
               "revoked_at": award.assertion.revoked_at, "revocation_reason": award.assertion.revocation_reason}


def _certificates(user_id: int) -> Iterator[dict]:
    for certificate in db.session.scalars(select(Certificate).where(Certificate.user_id == user_id).order_by(Certificate.id)):
        yield {"name": certificate.recipient_name, "issued_on": certificate.issued_on, "hours": certificate.hours,
               "modules": certificate.modules, "url": external_url("badges.certificate", uid=certificate.uid),
               "revoked_at": certificate.revoked_at, "revocation_reason": certificate.revocation_reason}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    uids = db.session.scalars(select(Assertion.uid).where(Assertion.user_id == user_id, Assertion.revoked_at.is_(None))
                              .order_by(Assertion.id)).all()
    for uid in uids:
        award = documents.hosted_award(uid)
        for kind in ("png", "svg"):  # PNG where the badge is drawn so, else its SVG
            try:
                yield f"badges/{award.badge_slug}-{uid}.{kind}", documents.baked(award, kind).body()
                break
            except LookupError:  # not drawn in this format, or its artwork is missing: badges.json still lists it
                continue
    person = SimpleNamespace(id=user_id)
    for uid in db.session.scalars(select(Certificate.uid).where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None))
                                  .order_by(Certificate.id)).all():
        yield f"certificates/certificate-{uid}.pdf", _pdf(my_certificate(person, uid))
    yield from _standalone_files(user_id)


def _standalone_files(user_id: int) -> Iterator[tuple[str, object]]:
    for view in standalone.standalone_awards_of_user(user_id):
        if view.revoked_at is None:
            award, badge = standalone.standalone_award_rows(view.uid)
            yield f"badges/{badge.slug}-{view.uid}.{badge.image_kind}", standalone_documents.baked(award, badge).body()
    for record in programme_certificates.programme_certificates_of_user(user_id):
        if record.revoked_at is None:
            with in_language(record.language):
                yield (f"programme_certificates/certificate-{record.uid}.pdf",
                       cached_programme_pdf(Path(current_app.instance_path) / "certificates",
                                            programme_certificates.programme_text(record)))


def _pdf(record) -> bytes:
    """The PDF the holder downloads from their certificate page, drawn in their language."""
    certificate = record.certificate
    with in_language(record.language):
        text = CertificateText(
            uid=certificate.uid, name=certificate.recipient_name, course=record.course.title,
            dates=study_period(record.started, record.finished, record.zone), hours=certificate.hours,
            modules=tuple(certificate.modules), issuer=current_app.config["BADGE_ISSUER_NAME"],
            issued=day(certificate.issued_on, record.zone), verify_url=external_url("badges.certificate", uid=certificate.uid),
            language=record.language)
        return cached_pdf(Path(current_app.instance_path) / "certificates", text)


def erase(user_id: int, *, now: datetime) -> list[Path]:
    """Revoke (once: an award revoked before keeps its reason) and forget whom they named.
    Returns the baked images and certificate PDFs to delete from disk after the commit."""
    _unshare_work(user_id, now=now)
    uids = [*db.session.scalars(select(Assertion.uid).where(Assertion.user_id == user_id)),
            *db.session.scalars(select(Certificate.uid).where(Certificate.user_id == user_id))]
    db.session.execute(update(Assertion).where(Assertion.user_id == user_id, Assertion.revoked_at.is_(None))
                       .values(revoked_at=now, revocation_reason=CLOSED, revoked_by_id=None))
    db.session.execute(update(Assertion).where(Assertion.user_id == user_id).values(recipient_email=""))
    db.session.execute(update(Certificate).where(Certificate.user_id == user_id, Certificate.revoked_at.is_(None))
                       .values(revoked_at=now, revocation_reason=CLOSED))
    db.session.execute(update(Certificate).where(Certificate.user_id == user_id).values(recipient_name=""))
    uids += _erase_standalone(user_id, now=now)
    instance = Path(current_app.instance_path)
    return [path for uid in uids for folder in ("baked", "certificates") for path in (instance / folder).glob(f"{uid}-*")]


def _erase_standalone(user_id: int, *, now: datetime) -> list[str]:
    """A person's standalone awards and programme certificates: revoked (once) and no longer naming them."""
    uids = []
    for model, cleared in ((StandaloneAward, {"recipient_email": "", "recipient_name": ""}),
                           (ProgrammeCertificate, {"recipient_name": ""})):
        uids += db.session.scalars(select(model.uid).where(model.user_id == user_id)).all()
        db.session.execute(update(model).where(model.user_id == user_id, model.revoked_at.is_(None))
                           .values(revoked_at=now, revocation_reason=CLOSED))
        db.session.execute(update(model).where(model.user_id == user_id).values(**cleared))
    return [f"programme-{uid}" for uid in uids] + uids


def _unshare_work(user_id: int, *, now: datetime) -> None:
    """A credential the holder signed with their own reflections and assignments as evidence is signed
    again without them (as the holder's own "stop sharing" does): the words leave the table, and the
    credential, revoked just after, still answers a verifier."""
    person = SimpleNamespace(id=user_id)
    sharing = (select(Assertion.uid).join(AwardCredential, AwardCredential.assertion_id == Assertion.id)
               .where(Assertion.user_id == user_id, Assertion.revoked_at.is_(None), AwardCredential.shares_work.is_(True)))
    for uid in db.session.scalars(sharing).all():
        credentials.share_work(person, uid, False, now=now)
