"""What events holds about a person: their registrations (with attendance), wrong attendance
codes they entered and their feedback; erasing gives back any place they held (the next person
waiting gets it) and deletes those rows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, select, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.events.models import CodeAttempt, Event, EventMessage, Feedback, Registration
from lms.events.services.registration import cancel

README = {
    "event_registrations.json": lazy_gettext("The workshops and events you registered for, your place or waiting list, "
                                             "and your attendance."),
    "event_feedback.json": lazy_gettext("The feedback you gave after events."),
    "event_code_attempts.json": lazy_gettext("The wrong attendance codes you entered, and when."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "event_registrations.json", _rows(select(
        Event.slug.label("event"), Event.title, Event.starts_at, Registration.status, Registration.queued_at,
        Registration.promoted_at, Registration.cancelled_at, Registration.attended_at, Registration.attendance_by)
        .join(Event, Event.id == Registration.event_id).where(Registration.user_id == user_id).order_by(Registration.id))
    yield "event_feedback.json", _rows(select(Event.slug.label("event"), Feedback.rating, Feedback.liked, Feedback.improve,
                                              Feedback.created_at).join(Event, Event.id == Feedback.event_id)
                                       .where(Feedback.user_id == user_id).order_by(Feedback.id))
    yield "event_code_attempts.json", _rows(select(Event.slug.label("event"), CodeAttempt.attempted_at)
                                            .join(Event, Event.id == CodeAttempt.event_id)
                                            .where(CodeAttempt.user_id == user_id).order_by(CodeAttempt.id))


def _rows(query) -> Iterator[dict]:
    for row in db.session.execute(query):
        yield row._asdict()


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    held = db.session.scalars(select(Event).join(Registration, Registration.event_id == Event.id).where(
        Registration.user_id == user_id, Registration.status == "registered", Event.ends_at > now))
    for event in held:
        cancel(event, user_id, now=now)  # the place goes to the next person waiting
    for model in (Registration, CodeAttempt, Feedback):
        db.session.execute(delete(model).where(model.user_id == user_id))
    db.session.execute(update(EventMessage).where(EventMessage.sent_by == user_id).values(sent_by=None))
    db.session.execute(update(Event).where(Event.created_by == user_id).values(created_by=None))
    return []
