"""Programme certificates: issued by lms.programmes when a learner completes a programme, once per
``source`` (a unique constraint decides, whatever the races), with a transcript of what made it up
(each course, workshop or placement with its dates, hours and outcome). Verifiable by anyone with its
public id (its QR code); the PDF is its holder's. Revoked with ``revoke_standalone(source, ...)``."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select

from lms.accounts import services as accounts
from lms.awards.certificates import ProgrammeCertificateText, TranscriptRow, day, transcript_dates
from lms.awards.models import ProgrammeCertificate
from lms.awards.services.standalone import _text, valid_uid
from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.urls import external_url

LINES_MAX = 500  # transcript lines on one certificate
HOURS_MAX = 100_000


@dataclass(frozen=True)
class TranscriptLine:
    title: str
    started_on: date | None
    completed_on: date | None
    hours: float
    outcome: str  # e.g. "Completed", "Passed", "Attended", "Signed off"


@dataclass(frozen=True)
class ProgrammeCertificateRecord:
    """A programme certificate as its PDF and verification page state it."""

    uid: str
    user_id: int
    title: str
    name: str | None  # None on public pages when the holder keeps their name off them
    hours: float
    lines: tuple[TranscriptLine, ...]
    issued_on: datetime
    revoked_at: datetime | None
    revocation_reason: str | None
    zone: str  # the holder's time zone: the issue date is their day
    language: str  # the holder's saved language: their PDF is drawn in it


def _hours(value, what: str = "hours") -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or not 0 <= value <= HOURS_MAX:
        raise ValidationError(what, gettext("Give a number of hours between 0 and %(max)d.", max=HOURS_MAX))
    return round(float(value), 1)


def _day(value, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationError(what, gettext("Give a date."))
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _line(line: TranscriptLine) -> dict:
    return {"title": _text(line.title, "title"), "started_on": _day(line.started_on, "started_on"),
            "completed_on": _day(line.completed_on, "completed_on"), "hours": _hours(line.hours),
            "outcome": _text(line.outcome, "outcome", required=False)}


def _uid_of(source: str) -> str | None:
    return db.session.scalar(select(ProgrammeCertificate.uid).where(ProgrammeCertificate.source == source))


def issue_programme_certificate(source: str, *, user_id: int, title: str, lines: list[TranscriptLine], hours: float,
                                now: datetime) -> str:
    """The certificate's public uid; a second call for the same ``source`` returns it and makes nothing.
    The holder's name is printed as their account has it now."""
    source = _text(source, "source")
    existing = _uid_of(source)
    if existing:
        return existing
    if len(lines) > LINES_MAX:
        raise ValidationError("lines", gettext("At most %(max)d transcript lines.", max=LINES_MAX))
    user = accounts.get_user(user_id) if isinstance(user_id, int) else None
    if user is None:
        raise NotFound(gettext("No such account."))
    row = {"uid": secrets.token_urlsafe(16), "source": source, "user_id": user.id, "title": _text(title, "title"),
           "recipient_name": user.name, "hours": _hours(hours), "lines": [_line(line) for line in lines], "issued_on": now}
    inserted = db.session.execute(insert_ignoring_duplicates(ProgrammeCertificate, conflict_columns=["source"])
                                  .values(**row).returning(ProgrammeCertificate.uid)).scalar()
    return inserted or _uid_of(source)


def programme_certificate_urls(uid: str) -> dict[str, str]:
    """The public verification page (its QR code's target) and the holder's PDF."""
    return {"page": external_url("badges.programme_certificate", uid=uid),
            "pdf": external_url("badges.programme_certificate_pdf", uid=uid)}


def _record(certificate: ProgrammeCertificate, *, public: bool) -> ProgrammeCertificateRecord:
    user = accounts.get_user(certificate.user_id)
    shown = not public or (user is not None and user.show_name_publicly)
    lines = tuple(TranscriptLine(
        title=line["title"], started_on=date.fromisoformat(line["started_on"]) if line.get("started_on") else None,
        completed_on=date.fromisoformat(line["completed_on"]) if line.get("completed_on") else None,
        hours=line["hours"], outcome=line.get("outcome") or "") for line in certificate.lines or [])
    return ProgrammeCertificateRecord(
        uid=certificate.uid, user_id=certificate.user_id, title=certificate.title,
        name=certificate.recipient_name if shown else None, hours=certificate.hours, lines=lines,
        issued_on=certificate.issued_on, revoked_at=certificate.revoked_at, revocation_reason=certificate.revocation_reason,
        zone=user.timezone if user else "UTC", language=user.language if user else "en")


def _certificate(uid: str) -> ProgrammeCertificate:
    found = db.session.scalar(select(ProgrammeCertificate).where(ProgrammeCertificate.uid == uid)) if valid_uid(uid) else None
    if found is None:
        raise NotFound(gettext("No such certificate."))
    return found


def public_programme_certificate(uid: str) -> ProgrammeCertificateRecord:
    """Public verification: valid or revoked; the holder's name only if they show it."""
    return _record(_certificate(uid), public=True)


def my_programme_certificate(user_id: int, uid: str) -> ProgrammeCertificateRecord:
    """The holder's own certificate (for the PDF), always with their name; anyone else: NotFound."""
    certificate = _certificate(uid)
    if certificate.user_id != user_id:
        raise NotFound(gettext("No such certificate."))
    return _record(certificate, public=False)


def programme_certificates_of_user(user_id: int) -> list[ProgrammeCertificateRecord]:
    """A person's programme certificates, newest first (for their "My badges" page)."""
    return [_record(row, public=False) for row in db.session.scalars(
        select(ProgrammeCertificate).where(ProgrammeCertificate.user_id == user_id)
        .order_by(ProgrammeCertificate.issued_on.desc(), ProgrammeCertificate.id.desc()))]


def programme_text(record: ProgrammeCertificateRecord) -> ProgrammeCertificateText:
    """The PDF's values, its dates written in the language being drawn (call inside the holder's language)."""
    rows = tuple(TranscriptRow(line.title, transcript_dates(line.started_on, line.completed_on), line.hours, line.outcome)
                 for line in record.lines)
    return ProgrammeCertificateText(
        uid=record.uid, name=record.name or "", programme=record.title, issued=day(record.issued_on, record.zone),
        hours=record.hours, rows=rows, issuer=current_app.config["BADGE_ISSUER_NAME"],
        verify_url=external_url("badges.programme_certificate", uid=record.uid), language=record.language)
