"""What organisations holds about a person: their memberships and consent, the assessor role, and
the portfolio evidence they wrote or attached for an organisation's application."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.organisations.models import Application, Assessor, EvidenceAttachment, EvidenceEntry, Membership, Organisation

README = {
    "organisation_memberships.json": lazy_gettext("The organisations you belong to or asked to join, your role, and whether "
                                                  "you share your completions with them."),
    "organisation_evidence.json": lazy_gettext("The evidence you wrote for an organisation's application for an award."),
    "organisation_attachments.json": lazy_gettext("The files you attached to an organisation's evidence (the files are in "
                                                  "the folder organisation_attachments)."),
    "award_assessor.json": lazy_gettext("Whether you assess applications for awards, since when."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "organisation_memberships.json", _memberships(user_id)
    yield "organisation_evidence.json", _rows(select(EvidenceEntry.application_id, EvidenceEntry.evidence_slug, EvidenceEntry.text,
                                                     EvidenceEntry.updated_at).where(EvidenceEntry.updated_by_id == user_id)
                                              .order_by(EvidenceEntry.id))
    yield "organisation_attachments.json", _rows(select(EvidenceAttachment.name, EvidenceAttachment.mimetype, EvidenceAttachment.size,
                                                        EvidenceAttachment.uploaded_at)
                                                 .where(EvidenceAttachment.uploaded_by_id == user_id).order_by(EvidenceAttachment.id))
    yield "award_assessor.json", _rows(select(Assessor.added_at).where(Assessor.user_id == user_id))


def _rows(query) -> Iterator[dict]:
    for row in db.session.execute(query):
        yield row._asdict()


def _memberships(user_id: int) -> Iterator[dict]:
    yield from _rows(select(Organisation.name.label("organisation"), Membership.status, Membership.role, Membership.shares_completions,
                            Membership.requested_at, Membership.decided_at, Membership.consent_changed_at)
                     .join(Organisation, Organisation.id == Membership.organisation_id)
                     .where(Membership.user_id == user_id).order_by(Membership.id))


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "organisations"


def files(user_id: int) -> Iterator[tuple[str, object]]:
    for attachment_id, key, name in db.session.execute(select(EvidenceAttachment.id, EvidenceAttachment.key, EvidenceAttachment.name)
                                                       .where(EvidenceAttachment.uploaded_by_id == user_id)):
        path = _folder() / key
        if path.exists():
            yield f"organisation_attachments/{attachment_id}-{name}", path


def erase(user_id: int, *, now: datetime) -> list:
    """Memberships, consent and the assessor role go. Evidence in a draft goes with its files; in an
    application already submitted it is the organisation's record of what was judged, so it stays
    without its author's name."""
    in_drafts = select(EvidenceEntry.id).where(EvidenceEntry.application_id.in_(
        select(Application.id).where(Application.status == "draft")))
    their_entries = list(db.session.scalars(in_drafts.where(EvidenceEntry.updated_by_id == user_id)))
    doomed = list(db.session.execute(select(EvidenceAttachment.id, EvidenceAttachment.key).where(
        EvidenceAttachment.entry_id.in_(their_entries) | ((EvidenceAttachment.uploaded_by_id == user_id)
                                                          & EvidenceAttachment.entry_id.in_(in_drafts)))))
    db.session.execute(delete(EvidenceAttachment).where(EvidenceAttachment.id.in_([row.id for row in doomed])))
    db.session.execute(delete(EvidenceEntry).where(EvidenceEntry.id.in_(their_entries)))
    db.session.execute(update(EvidenceEntry).where(EvidenceEntry.updated_by_id == user_id).values(updated_by_id=None))
    db.session.execute(update(EvidenceAttachment).where(EvidenceAttachment.uploaded_by_id == user_id).values(uploaded_by_id=None))
    db.session.execute(delete(Membership).where(Membership.user_id == user_id))
    db.session.execute(delete(Assessor).where(Assessor.user_id == user_id))
    return [_folder() / row.key for row in doomed]
