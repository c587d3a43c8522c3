"""Attendance: ticked by organisers, or claimed by an attendee with the one-time code shown at
the event (accepted only around the event's own times, a few wrong guesses at most per person,
every wrong code counted). Attendance may earn the event's badge ("Attended <event>"), issued
once per person through awards' standalone badges."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from lms.awards import services as awards
from lms.core.errors import TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.urls import external_url
from lms.events import queries
from lms.events.models import CodeAttempt, Event, Registration

CODE_OPENS_BEFORE = timedelta(minutes=30)  # the code works from a little before the start ...
CODE_CLOSES_AFTER = timedelta(hours=1)  # ... to a while after the end
WRONG_CODES = 5  # at most this many wrong codes per person and event ...
WRONG_WINDOW = timedelta(minutes=15)  # ... within this time
BADGE_IMAGE = Path(__file__).resolve().parent.parent / "templates" / "events" / "attended-badge.svg"


def code_window(event: Event) -> tuple[datetime, datetime]:
    return event.starts_at - CODE_OPENS_BEFORE, event.ends_at + CODE_CLOSES_AFTER


def code_open(event: Event, *, now: datetime) -> bool:
    opens, closes = code_window(event)
    return opens <= now <= closes


def _normalised(code: str) -> str:
    return "".join(character for character in (code or "").upper() if character.isalnum())[:32]


def enter_code(event: Event, user_id: int, code: str, *, now: datetime) -> bool:
    """Record this person's attendance if ``code`` is the event's. A wrong code is counted (the
    caller commits it even though this raises). Returns whether attendance is new."""
    if not code_open(event, now=now):
        raise ValidationError("code", gettext("The attendance code is accepted only during the event."))
    registered = db.session.scalar(select(Registration.id).where(
        Registration.event_id == event.id, Registration.user_id == user_id, Registration.status == "registered"))
    if registered is None:
        raise ValidationError("code", gettext("Only people registered for the event can record their attendance."))
    since = now - WRONG_WINDOW
    recent = db.session.scalars(select(CodeAttempt.attempted_at).where(
        CodeAttempt.event_id == event.id, CodeAttempt.user_id == user_id, CodeAttempt.attempted_at > since)
        .order_by(CodeAttempt.attempted_at)).all()
    if len(recent) >= WRONG_CODES:
        wait = max(1, math.ceil((recent[-WRONG_CODES] + WRONG_WINDOW - now).total_seconds()))
        raise TooManyAttempts(wait, gettext("Too many wrong codes."))
    if _normalised(code) != event.attendance_code:
        db.session.add(CodeAttempt(event_id=event.id, user_id=user_id, attempted_at=now))
        raise ValidationError("code", gettext("That is not the event's code. Check it and try again."))
    return bool(_attend(event, [user_id], by="code", now=now))


def _attend(event: Event, user_ids: list[int], *, by: str, now: datetime) -> list[int]:
    """Mark these registered people as present (those not marked yet); issue the badge. Returns who is new."""
    if not user_ids:
        return []
    new = list(db.session.scalars(update(Registration).where(
        Registration.event_id == event.id, Registration.user_id.in_(user_ids), Registration.status == "registered",
        Registration.attended_at.is_(None)).values(attended_at=now, attendance_by=by).returning(Registration.user_id)))
    for user_id in new:
        award_attendance(event, user_id, now=now)
    return new


def set_attendance(event: Event, *, shown: list[int], present: set[int], now: datetime) -> tuple[int, int]:
    """The organisers' check boxes for the people ``shown`` on one page: those ticked are present,
    the others not (a badge issued for a mistaken tick is revoked). Returns (marked, unmarked)."""
    if now < event.starts_at - CODE_OPENS_BEFORE:
        raise ValidationError("attendance", gettext("Attendance can be recorded once the event starts."))
    marked = _attend(event, [user_id for user_id in shown if user_id in present], by="organiser", now=now)
    absent = [user_id for user_id in shown if user_id not in present]
    unmarked = list(db.session.scalars(update(Registration).where(
        Registration.event_id == event.id, Registration.user_id.in_(absent), Registration.attended_at.is_not(None))
        .values(attended_at=None, attendance_by=None).returning(Registration.user_id))) if absent else []
    for user_id in unmarked:
        if event.awards_badge:
            awards.revoke_standalone(badge_source(event, user_id), reason=gettext("Attendance was recorded by mistake."), now=now)
    return len(marked), len(unmarked)


def badge_source(event: Event, user_id: int) -> str:
    return f"event:{event.id}:user:{user_id}"


def award_attendance(event: Event, user_id: int, *, now: datetime) -> str | None:
    """The event's attendance badge for this person, if the event gives one (idempotent: awards
    keeps one per source). Returns its uid."""
    if not event.awards_badge:
        return None
    user = queries.person(user_id)
    badge = awards.StandaloneBadge(
        slug=f"event-{event.slug}"[:120], name=gettext("Attended %(event)s", event=event.title)[:200],
        description=gettext("Attended the event “%(event)s”.", event=event.title),
        criteria=gettext("Be present at “%(event)s”, as recorded by its organisers or with the code shown at the event.",
                         event=event.title),
        image=BADGE_IMAGE, tags=("event", event.kind))
    evidence = [awards.EvidenceItem(name=event.title, url=external_url("events.event", ref=event.slug))]
    return awards.issue_standalone(badge_source(event, user_id), badge, awards.Recipient(name=user.name, user_id=user_id),
                                   evidence, now=now)


def wrong_codes(event: Event) -> int:
    return db.session.scalar(select(func.count()).select_from(CodeAttempt).where(CodeAttempt.event_id == event.id))


def attended_user_ids(event: Event) -> list[int]:
    return list(db.session.scalars(select(Registration.user_id).where(
        Registration.event_id == event.id, Registration.attended_at.is_not(None))))
