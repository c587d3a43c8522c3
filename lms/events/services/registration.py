"""Registering and cancelling, with a waiting list served in order.

Every change to who holds a place happens with the event's row locked (``core.db.lock_row``:
SELECT ... FOR UPDATE on PostgreSQL, an immediate write transaction on SQLite), and each move is
a conditional UPDATE, so two cancellations at the same moment free two places and promote the
next two people once each, and a double click registers or cancels once. Each move is told
through the notifications ledger under a key that names it, so it is recorded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, literal, select, update

from lms.core.db import insert_ignoring_duplicates, lock_row
from lms.core.errors import DomainError, NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.events.models import Event, Registration
from lms.notifications import services as notifications


class RegistrationClosed(DomainError):
    http_status = 409


@dataclass(frozen=True)
class Standing:
    """Where a person stands at an event: ``status`` None (not registered), "registered",
    "waiting" (``position`` on the list) or "cancelled"."""

    status: str | None
    position: int | None = None
    attended: bool = False

    @property
    def registered(self) -> bool:
        return self.status == "registered"


def registration_state(event: Event, *, now: datetime) -> str:
    """"open", "not_yet", "closed" (by date) or "over"."""
    if event.ends_at <= now:
        return "over"
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_yet"
    if event.registration_closes_at and now >= event.registration_closes_at:
        return "closed"
    return "open"


def _current(event_id: int, user_id: int) -> Registration | None:
    return db.session.scalar(select(Registration).where(Registration.event_id == event_id, Registration.user_id == user_id)
                             .execution_options(populate_existing=True))


def _taken(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(
        Registration.event_id == event_id, Registration.status == "registered"))


def standing(event: Event, user_id: int | None) -> Standing:
    if user_id is None:
        return Standing(None)
    row = _current(event.id, user_id)
    if row is None:
        return Standing(None)
    position = None
    if row.status == "waiting":
        position = 1 + db.session.scalar(select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id, Registration.status == "waiting",
            (Registration.queued_at < row.queued_at) | ((Registration.queued_at == row.queued_at) & (Registration.id < row.id))))
    return Standing(row.status, position, row.attended_at is not None)


def _payload(event: Event, what: str, **more) -> dict:
    return {"what": what, "event": event.slug, "event_title": event.title, "starts_at": event.starts_at.isoformat(),
            "timezone": event.timezone, **more}


def _tell(event: Event, user_id: int, what: str, queued_at: datetime, *, email: bool, now: datetime) -> None:
    """One ledger row per move: a place (its e-mail is the invitation, sent by events), a place on
    the waiting list, a promotion."""
    key = f"event:{event.id}:{what}:{user_id}:{queued_at:%Y%m%d%H%M%S%f}"
    status = "pending" if email else "skipped"
    notifications.notify_users_with_status(select(literal(user_id), literal(status)), kind="event", key=key,
                                           payload=_payload(event, what), now=now)


def register(event: Event, user_id: int, *, now: datetime) -> Standing:
    """A place if one is free, else a place on the waiting list; asking again changes nothing."""
    state = registration_state(event, now=now)
    if state != "open":
        raise RegistrationClosed(gettext("Registration for this event is not open."))
    lock_row(Event, event.id)
    row = _current(event.id, user_id)
    if row is not None and row.status in ("registered", "waiting"):
        return standing(event, user_id)
    status = "registered" if _taken(event.id) < event.capacity else "waiting"
    values = {"status": status, "queued_at": now, "promoted_at": None, "cancelled_at": None, "invitation_sent_at": None}
    if row is None:
        db.session.execute(insert_ignoring_duplicates(Registration, conflict_columns=["event_id", "user_id"])
                           .values(event_id=event.id, user_id=user_id, **values))
    else:
        db.session.execute(update(Registration).where(Registration.id == row.id, Registration.status == "cancelled")
                           .values(**values))
    _tell(event, user_id, status, now, email=status == "waiting", now=now)
    return standing(event, user_id)


def cancel(event: Event, user_id: int, *, now: datetime) -> list[int]:
    """Give back a place (or leave the waiting list); the place goes to the next person waiting.
    Returns the ids of the people promoted (none when this person held no place)."""
    if event.ends_at <= now:
        raise RegistrationClosed(gettext("This event is over."))
    lock_row(Event, event.id)
    row = _current(event.id, user_id)
    if row is None or row.status not in ("registered", "waiting"):
        return []
    was = row.status
    changed = db.session.execute(update(Registration).where(Registration.id == row.id, Registration.status == was)
                                 .values(status="cancelled", cancelled_at=now)).rowcount
    return fill_places(event, now=now) if changed and was == "registered" else []


def fill_places(event: Event, *, now: datetime) -> list[int]:
    """Promote people from the waiting list, first come first served, while places are free (call
    with the event locked). Each is told once, through the ledger. Returns their ids."""
    free = event.capacity - _taken(event.id)
    if free <= 0:
        return []
    waiting = db.session.execute(select(Registration.id, Registration.user_id, Registration.queued_at).where(
        Registration.event_id == event.id, Registration.status == "waiting")
        .order_by(Registration.queued_at, Registration.id).limit(free)).all()
    promoted = []
    for registration_id, user_id, queued_at in waiting:
        moved = db.session.execute(update(Registration).where(Registration.id == registration_id, Registration.status == "waiting")
                                   .values(status="registered", promoted_at=now, invitation_sent_at=None)).rowcount
        if moved:
            _tell(event, user_id, "promoted", queued_at, email=False, now=now)
            promoted.append(user_id)
    return promoted


def lock_event(event: Event) -> None:
    lock_row(Event, event.id)


def registrations_of(user_id: int) -> list[tuple[Registration, Event]]:
    """A person's registrations (waiting and cancelled too) with their events, soonest first."""
    return list(db.session.execute(select(Registration, Event).join(Event, Event.id == Registration.event_id)
                                   .where(Registration.user_id == user_id).order_by(Event.starts_at, Event.id)))


def get_registration(event: Event, user_id: int) -> Registration:
    row = _current(event.id, user_id)
    if row is None:
        raise NotFound(gettext("No such registration."))
    return row
