"""An organisation's application for a level of an award scheme: the criteria counted live from the
completions its staff share, the evidence portfolio (Markdown and attachments, editable until the
application is submitted), and submitting it once the criteria are met."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from lms.core.audit import record_audit
from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.render import render_markdown
from lms.organisations import queries
from lms.organisations.models import Application, Assessor, AwardScheme, EvidenceAttachment, EvidenceEntry, Organisation
from lms.organisations.services.organisations import coordinated, get_organisation, is_coordinator
from lms.organisations.services.scheme_file import Level, Scheme
from lms.organisations.services.schemes import get_scheme, list_schemes, scheme_by_id
from lms.peer_review.services.submissions import Upload, check, write

if TYPE_CHECKING:
    from lms.accounts.models import User

TEXT_MAX = 20_000
ATTACHMENTS_MAX = 5  # per evidence item
AUDIT_KIND = queries.AUDIT_KIND


@dataclass(frozen=True)
class CriterionStatus:
    staff: int
    completed: list[tuple[str, str]]  # (kind, title)
    count: int

    @property
    def met(self) -> bool:
        return self.count >= self.staff


@dataclass(frozen=True)
class EvidenceView:
    slug: str
    title: str
    guidance: str  # HTML, from the scheme's Markdown
    required: bool
    entry: EvidenceEntry | None
    html: str
    attachments: list[EvidenceAttachment]


@dataclass(frozen=True)
class ApplicationView:
    organisation: Organisation
    application: Application
    scheme_row: AwardScheme
    scheme: Scheme
    level: Level
    criteria: list[CriterionStatus]
    evidence: list[EvidenceView]
    coordinator: bool
    assessor: bool

    @property
    def criteria_met(self) -> bool:
        return all(criterion.met for criterion in self.criteria)

    @property
    def evidence_done(self) -> bool:
        return all(item.entry is not None and item.entry.text.strip() for item in self.evidence if item.required)

    @property
    def editable(self) -> bool:
        return self.coordinator and self.application.status == "draft"


def is_assessor(user: User | None) -> bool:
    return user is not None and db.session.scalar(select(Assessor.id).where(Assessor.user_id == user.id)) is not None


def schemes_for(organisation: Organisation) -> list[tuple[AwardScheme, Scheme]]:
    return [(row, scheme) for row, scheme in list_schemes() if organisation.kind in scheme.kinds]


def criteria_status(organisation_id: int, level: Level) -> list[CriterionStatus]:
    """Each criterion of the level with how many sharing staff meet it now: one COUNT each."""
    refs = {ref for criterion in level.criteria for ref in criterion.completed}
    titles = queries.titles_of({r[7:] for r in refs if r.startswith("course:")}, {r[10:] for r in refs if r.startswith("programme:")})
    statuses = []
    for criterion in level.criteria:
        courses = [ref[7:] for ref in criterion.completed if ref.startswith("course:")]
        programmes = [ref[10:] for ref in criterion.completed if ref.startswith("programme:")]
        statuses.append(CriterionStatus(
            staff=criterion.staff, completed=[(ref.partition(":")[0], titles.get(ref, ref.partition(":")[2]))
                                              for ref in criterion.completed],
            count=queries.count_staff_completed(organisation_id, courses, programmes)))
    return statuses


def start_application(user: User, organisation_id: int, scheme_slug: str, level_slug: str, *, now: datetime) -> Application:
    """The organisation's open application for the scheme (a double click makes one), at ``level_slug``."""
    organisation = coordinated(user, organisation_id)
    row, scheme = get_scheme(scheme_slug)
    if organisation.kind not in scheme.kinds:
        raise DomainError(gettext("This scheme is not open to this kind of organisation."))
    if scheme.level(level_slug) is None:
        raise ValidationError("level", gettext("Choose a level from the list."))
    db.session.execute(insert_ignoring_duplicates(Application, conflict_columns=["organisation_id", "scheme_id", "open_slot"])
                       .values(organisation_id=organisation_id, scheme_id=row.id, level_slug=level_slug, status="draft",
                               open_slot=1, created_at=now, reason="", judgements={}, counts={}))
    application = db.session.scalar(select(Application).where(
        Application.organisation_id == organisation_id, Application.scheme_id == row.id, Application.open_slot == 1))
    if application.status == "draft" and application.level_slug != level_slug:
        application.level_slug = level_slug
    return application


def _view(user: User, organisation_id: int, application_id: int) -> ApplicationView:
    """The application for its coordinators, assessors and administrators; NotFound for anyone else."""
    application = db.session.get(Application, application_id, populate_existing=True)  # claims are conditional UPDATEs
    if application is None or application.organisation_id != organisation_id:
        raise NotFound(gettext("No such application."))
    coordinator, assessor = is_coordinator(user, organisation_id), is_assessor(user)
    if not (coordinator or assessor or getattr(user, "is_admin", False)):
        raise NotFound(gettext("No such application."))
    row, scheme = scheme_by_id(application.scheme_id)
    level = scheme.level(application.level_slug) or scheme.levels[0]
    entries = {entry.evidence_slug: entry for entry in db.session.scalars(
        select(EvidenceEntry).where(EvidenceEntry.application_id == application.id))}
    attachments: dict[int, list[EvidenceAttachment]] = {}
    if entries:
        for attachment in db.session.scalars(select(EvidenceAttachment).where(
                EvidenceAttachment.entry_id.in_([entry.id for entry in entries.values()])).order_by(EvidenceAttachment.id)):
            attachments.setdefault(attachment.entry_id, []).append(attachment)
    evidence = [EvidenceView(item.slug, item.title, render_markdown(item.text, media=False), item.slug in level.evidence, entries.get(item.slug),
                             render_markdown(entries[item.slug].text, media=False) if item.slug in entries else "",
                             attachments.get(entries[item.slug].id, []) if item.slug in entries else [])
                for item in scheme.evidence if item.slug in level.evidence or item.slug in entries]
    return ApplicationView(get_organisation(organisation_id), application, row, scheme, level,
                           criteria_status(organisation_id, level), evidence, coordinator, assessor)


def get_application(user: User, organisation_id: int, application_id: int) -> ApplicationView:
    return _view(user, organisation_id, application_id)


def _editable(user: User, organisation_id: int, application_id: int) -> ApplicationView:
    view = _view(user, organisation_id, application_id)
    if not view.coordinator:
        raise NotFound(gettext("No such application."))
    if view.application.status != "draft":
        raise DomainError(gettext("This application has been submitted: its portfolio can no longer change."))
    return view


def change_level(user: User, organisation_id: int, application_id: int, level_slug: str) -> Application:
    view = _editable(user, organisation_id, application_id)
    if view.scheme.level(level_slug) is None:
        raise ValidationError("level", gettext("Choose a level from the list."))
    view.application.level_slug = level_slug
    return view.application


def save_evidence(user: User, organisation_id: int, application_id: int, evidence_slug: str, *, text: str,
                  upload: Upload | None, upload_dir: Path, max_bytes: int, now: datetime) -> EvidenceEntry:
    """Write (or rewrite) one evidence item and add an attachment to it, checked by size and bytes
    as peer work is, and written only once the row is settled."""
    view = _editable(user, organisation_id, application_id)
    if evidence_slug not in {item.slug for item in view.scheme.evidence}:
        raise NotFound(gettext("No such evidence item."))
    if len(text) > TEXT_MAX:
        raise ValidationError("text", gettext("Write at most %(num)d characters.", num=TEXT_MAX))
    checked = check(upload, max_bytes=max_bytes) if upload is not None else None
    db.session.execute(insert_ignoring_duplicates(EvidenceEntry, conflict_columns=["application_id", "evidence_slug"]).values(
        application_id=application_id, evidence_slug=evidence_slug, text=text, updated_at=now, updated_by_id=user.id))
    entry = db.session.scalar(select(EvidenceEntry).where(EvidenceEntry.application_id == application_id,
                                                          EvidenceEntry.evidence_slug == evidence_slug))
    entry.text, entry.updated_at, entry.updated_by_id = text, now, user.id
    if checked is not None:
        held = db.session.scalar(select(func.count()).select_from(EvidenceAttachment)
                                 .where(EvidenceAttachment.entry_id == entry.id)) or 0
        if held >= ATTACHMENTS_MAX:
            raise ValidationError("attachment", gettext("An evidence item holds at most %(num)d attachments: "
                                                        "remove one first.", num=ATTACHMENTS_MAX))
        key, name, mimetype, size = write(checked, upload_dir / "organisations")
        db.session.add(EvidenceAttachment(entry_id=entry.id, key=key, name=name, mimetype=mimetype, size=size,
                                          uploaded_at=now, uploaded_by_id=user.id))
    db.session.flush()
    return entry


def remove_attachment(user: User, organisation_id: int, application_id: int, attachment_id: int, *, upload_dir: Path) -> Path | None:
    """Take an attachment out of a draft's portfolio; returns its file, to delete after the commit."""
    view = _editable(user, organisation_id, application_id)
    for item in view.evidence:
        for attachment in item.attachments:
            if attachment.id == attachment_id:
                db.session.delete(attachment)
                return upload_dir / "organisations" / attachment.key
    raise NotFound(gettext("No such attachment."))


def attachment_for(user: User, organisation_id: int, application_id: int, attachment_id: int) -> EvidenceAttachment:
    view = _view(user, organisation_id, application_id)
    for item in view.evidence:
        for attachment in item.attachments:
            if attachment.id == attachment_id:
                return attachment
    raise NotFound(gettext("No such attachment."))


def submit_application(user: User, organisation_id: int, application_id: int, *, now: datetime) -> bool:
    """Send the application to the assessors: only when every criterion is met and every evidence
    item the level needs is written. Returns whether this call submitted it (a double click: once)."""
    view = _view(user, organisation_id, application_id)
    if not view.coordinator:
        raise NotFound(gettext("No such application."))
    if view.application.status != "draft":
        return False
    if not view.criteria_met:
        raise DomainError(gettext("Not every criterion of this level is met yet: it can be submitted once it is."))
    if not view.evidence_done:
        raise DomainError(gettext("Write every evidence item this level needs before you submit."))
    submitted = db.session.execute(update(Application).where(Application.id == application_id, Application.status == "draft")
                                   .values(status="submitted", submitted_at=now)
                                   .execution_options(synchronize_session=False)).rowcount
    if submitted:
        record_audit(action="organisation_award.submit", now=now, actor_id=user.id, target_kind=AUDIT_KIND,
                     target_id=application_id, details={"scheme": view.scheme.slug, "level": view.application.level_slug,
                                                        "counts": [c.count for c in view.criteria]})
    db.session.refresh(view.application)
    return bool(submitted)


def applications_of(user: User, organisation_id: int) -> list[tuple[Application, str, str]]:
    """The organisation's applications (newest first) with scheme title and level name, for its coordinators."""
    if not is_coordinator(user, organisation_id):
        return []
    rows = db.session.execute(select(Application, AwardScheme).join(AwardScheme, AwardScheme.id == Application.scheme_id)
                              .where(Application.organisation_id == organisation_id).order_by(Application.id.desc())).all()
    result = []
    for application, row in rows:
        scheme = Scheme.from_spec(row.spec)
        level = scheme.level(application.level_slug)
        result.append((application, scheme.title, level.name if level else application.level_slug))
    return result
