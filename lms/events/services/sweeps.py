"""The scheduler's sweeps: a reminder the day before to each person holding a place, the
feedback form to each attendee after the event. Both record through the notifications ledger
under a key per event, so a second run (or a second scheduler) tells no one twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from lms.core.extensions import db
from lms.core.jobs import SweepReport
from lms.events.models import Event, Registration
from lms.notifications import services as notifications

REMIND_BEFORE = timedelta(days=1)
ASK_FEEDBACK_FOR = timedelta(days=7)  # attendance marked late is still asked about, for a week


def _payload(event: Event, what: str) -> dict:
    return {"what": what, "event": event.slug, "event_title": event.title, "starts_at": event.starts_at.isoformat(),
            "timezone": event.timezone}


def send_reminders(*, now: datetime) -> SweepReport:
    """Events starting within a day: one reminder per person holding a place (one INSERT ... SELECT each)."""
    report = SweepReport()
    due = db.session.scalars(select(Event).where(Event.starts_at > now, Event.starts_at <= now + REMIND_BEFORE))
    for event in due:
        holders = select(Registration.user_id).where(Registration.event_id == event.id, Registration.status == "registered")
        report.recorded += notifications.notify_users(holders, kind="event", key=f"event:{event.id}:reminder",
                                                      payload=_payload(event, "reminder"), now=now)
    return report


def ask_feedback(*, now: datetime) -> SweepReport:
    """Events ended in the last week: the feedback form to each attendee, once."""
    report = SweepReport()
    ended = db.session.scalars(select(Event).where(Event.ends_at <= now, Event.ends_at > now - ASK_FEEDBACK_FOR))
    for event in ended:
        attendees = select(Registration.user_id).where(Registration.event_id == event.id, Registration.attended_at.is_not(None))
        report.recorded += notifications.notify_users(attendees, kind="event", key=f"event:{event.id}:feedback",
                                                      payload=_payload(event, "feedback"), now=now)
    return report
