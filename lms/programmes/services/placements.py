"""The placement: the learner records the host, dates, hours and a report and names a supervisor,
who signs it off (or declines, saying why) through a one-time link sent by e-mail, without an
account. Only the link's SHA-256 is stored; it expires after the programme's ``link_valid_days``;
a fresh link replaces the old one, which then stops working. A signed-off placement is final."""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language
from lms.core.render import render_markdown
from lms.core.urls import external_url
from lms.programmes import queries
from lms.programmes.models import PlacementRecord, Programme
from lms.programmes.services.completion import check_learner
from lms.programmes.services.progress import enrolment_of, get_programme, placement_of

if TYPE_CHECKING:
    from lms.accounts.models import User

LIMITS = {"host": 200, "supervisor_name": 200, "supervisor_email": 254, "report": 50_000, "comment": 5_000}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
OPEN, USED, EXPIRED, UNKNOWN = "open", "used", "expired", "unknown"


@dataclass(frozen=True)
class PlacementDetails:
    """What the learner typed, as typed: the service judges it (its complaints name the field)."""

    host: str
    starts_on: str
    ends_on: str
    hours: str
    report: str
    supervisor_name: str
    supervisor_email: str


@dataclass(frozen=True)
class SignOffPage:
    state: str  # OPEN, USED (signed off or declined already), EXPIRED, UNKNOWN (never issued, or replaced)
    placement: PlacementRecord | None = None
    programme_title: str = ""
    learner_name: str = ""
    report_html: str = ""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError(field, gettext("This contains characters that cannot be stored."))
    if required and not value:
        raise ValidationError(field, gettext("This field is required."))
    if len(value) > LIMITS[field]:
        raise ValidationError(field, gettext("Keep this under %(max)d characters.", max=LIMITS[field]))
    return value


def _date(value: str, field: str) -> date:
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationError(field, gettext("Give the date as on a calendar, e.g. 2026-03-14.")) from None
    if not 2000 <= day.year <= 2100:
        raise ValidationError(field, gettext("Give the date as on a calendar, e.g. 2026-03-14."))
    return day


def _hours(value: str, least: float) -> float:
    try:
        hours = float((value or "").strip().replace(",", "."))
    except ValueError:
        raise ValidationError("hours", gettext("Give the hours as a number, e.g. 32 or 32.5.")) from None
    if not math.isfinite(hours) or hours > 10_000:
        raise ValidationError("hours", gettext("Give the hours as a number, e.g. 32 or 32.5."))
    if hours < least:
        raise ValidationError("hours", gettext("The placement needs at least %(hours)s hours.", hours=format(least, "g")))
    return round(hours, 1)


def _validated(details: PlacementDetails, least: float) -> dict:
    values = {"host": _text(details.host, "host"), "starts_on": _date(details.starts_on, "starts_on"),
              "ends_on": _date(details.ends_on, "ends_on"), "hours": _hours(details.hours, least),
              "report": _text(details.report, "report"), "supervisor_name": _text(details.supervisor_name, "supervisor_name"),
              "supervisor_email": _text(details.supervisor_email, "supervisor_email")}
    if values["ends_on"] < values["starts_on"]:
        raise ValidationError("ends_on", gettext("The placement cannot end before it starts."))
    if not EMAIL.match(values["supervisor_email"]):
        raise ValidationError("supervisor_email", gettext("Give the supervisor's e-mail address, e.g. name@example.org."))
    return values


def _placement_programme(slug: str, user: User) -> tuple[Programme, float, int]:
    programme, spec = get_programme(slug)
    if spec.placement is None or enrolment_of(programme.id, user.id) is None:
        raise NotFound(gettext("No such placement."))
    return programme, spec.placement.hours, spec.placement.link_valid_days


def _new_link(row: PlacementRecord, days: int, *, now: datetime) -> str:
    token = secrets.token_urlsafe(32)
    row.link_hash, row.link_expires_at, row.link_sent_at = _digest(token), now + timedelta(days=days), now
    return token


def save_placement(user: User, programme_slug: str, details: PlacementDetails, *, now: datetime) -> tuple[PlacementRecord, str]:
    """Record (or correct) the placement and issue a fresh sign-off link: (the row, the link's token,
    for the e-mail only). After sign-off the placement is final."""
    programme, least, days = _placement_programme(programme_slug, user)
    values = _validated(details, least)
    row = placement_of(programme.id, user.id)
    if row is not None and row.status == "signed_off":
        raise DomainError(gettext("Your placement was signed off by your supervisor: it can no longer be changed."))
    if row is None:
        row = PlacementRecord(programme_id=programme.id, user_id=user.id, **values, status="awaiting", submitted_at=now)
        db.session.add(row)
    else:
        for key, value in values.items():
            setattr(row, key, value)
        row.status, row.submitted_at, row.decided_at, row.decision_comment = "awaiting", now, None, None
    token = _new_link(row, days, now=now)
    db.session.flush()
    return row, token


def resend_link(user: User, programme_slug: str, *, now: datetime) -> tuple[PlacementRecord, str]:
    """A fresh link for the supervisor; the one sent before stops working."""
    programme, _, days = _placement_programme(programme_slug, user)
    row = placement_of(programme.id, user.id)
    if row is None:
        raise NotFound(gettext("No such placement."))
    if row.status != "awaiting":
        raise DomainError(gettext("Your supervisor has already answered: there is no link to send again."))
    return row, _new_link(row, days, now=now)


def supervisor_letter(row: PlacementRecord, token: str) -> tuple[str, str, str]:
    """(to, subject, text) of the e-mail to the supervisor, in the programme's language."""
    programme = db.session.get(Programme, row.programme_id)
    learner = queries.user_email(row.user_id)
    with in_language(programme.language):
        subject = gettext("Please confirm %(name)s's placement", name=learner[0])
        text = "\n\n".join((
            gettext("Hello %(name)s,", name=row.supervisor_name),
            gettext("%(learner)s names you as the supervisor of their placement at %(host)s (%(hours)s hours) for "
                    "the programme “%(programme)s”.", learner=learner[0], host=row.host, hours=format(row.hours, "g"),
                    programme=programme.title),
            gettext("Please read their record and sign it off, or decline it with a comment, on this page (no account "
                    "is needed; the link works once, until %(day)s):", day=row.link_expires_at.date().isoformat()),
            external_url("programmes.sign_off", token=token),
            gettext("If you did not expect this message, you can ignore it."),
        ))
    return row.supervisor_email, subject, text + "\n"


def _by_token(token: str) -> PlacementRecord | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 100 or "\x00" in token:
        return None
    return db.session.scalar(select(PlacementRecord).where(PlacementRecord.link_hash == _digest(token)))


def sign_off_page(token: str, *, now: datetime) -> SignOffPage:
    """What the supervisor's link shows: the record to judge, or why the link no longer works."""
    row = _by_token(token)
    if row is None:
        return SignOffPage(UNKNOWN)
    programme = db.session.get(Programme, row.programme_id)
    learner = queries.user_email(row.user_id)
    page = SignOffPage(OPEN, row, programme.title, learner[0] if learner else "",
                       render_markdown(row.report, media=False))
    if row.status != "awaiting":
        return SignOffPage(USED, row, page.programme_title, page.learner_name)
    if row.link_expires_at is None or row.link_expires_at <= now:
        return SignOffPage(EXPIRED, row, page.programme_title, page.learner_name)
    return page


def decide_placement(token: str, *, sign_off: bool, comment: str, now: datetime) -> SignOffPage:
    """The supervisor's answer, once: a used, expired or replaced link changes nothing and says why."""
    page = sign_off_page(token, now=now)
    if page.state != OPEN:
        return page
    comment = _text(comment, "comment", required=not sign_off)
    row = page.placement
    decided = db.session.execute(
        update(PlacementRecord).where(PlacementRecord.id == row.id, PlacementRecord.status == "awaiting",
                                      PlacementRecord.link_hash == row.link_hash)
        .values(status="signed_off" if sign_off else "declined", decided_at=now, decision_comment=comment or None),
        execution_options={"synchronize_session": False}).rowcount
    if not decided:
        return SignOffPage(USED, row, page.programme_title, page.learner_name)
    db.session.refresh(row)
    if sign_off:
        check_learner(db.session.get(Programme, row.programme_id), row.user_id, now=now)
    return SignOffPage(USED, row, page.programme_title, page.learner_name)
