"""The tables of events: the events, who registered (or waits), wrong attendance codes,
feedback and the organisers' messages to everyone registered."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db

KINDS = ("online_workshop", "in_person_workshop", "conference_session")
STATUSES = ("registered", "waiting", "cancelled")


class Event(db.Model):
    """A workshop or a conference session. Times are stored in UTC; ``timezone`` is the zone the
    event is held in (shown beside the reader's own). ``online_link`` is shown only to people
    registered (never on the public page, the list, the calendar feed or others' e-mail)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_starts_at", "starts_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown, rendered through the sanitiser
    kind: Mapped[str] = mapped_column(String(24))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(300))
    online_link: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    course_slug: Mapped[str | None] = mapped_column(String(80))
    programme_slug: Mapped[str | None] = mapped_column(String(80))
    presenters: Mapped[list[str]] = mapped_column(JSON, default=list)
    awards_badge: Mapped[bool] = mapped_column(default=False)  # attendance earns "Attended <title>"
    attendance_code: Mapped[str] = mapped_column(String(16))  # shown at the event, entered by attendees
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Registration(db.Model):
    """One person's place at an event (or on its waiting list, or given back). One row per
    person and event, so a double click registers once; a waiting list is served in ``queued_at``
    order. ``invitation_sent_at`` marks the e-mail with the .ics invitation (sent once per place)."""

    __tablename__ = "event_registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        Index("ix_event_registrations_event_id", "event_id", "status", "queued_at", "id"),
        Index("ix_event_registrations_user_id", "user_id"),
        Index("ix_event_registrations_invitation", "status", "invitation_sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when they asked (again) for a place
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # given a place from the waiting list
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_by: Mapped[str | None] = mapped_column(String(16))  # "organiser" or "code"
    invitation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CodeAttempt(db.Model):
    """A wrong attendance code entered by a person: counted for the organisers, and limiting guesses."""

    __tablename__ = "event_code_attempts"
    __table_args__ = (Index("ix_event_code_attempts_event_id", "event_id", "user_id", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Feedback(db.Model):
    """An attendee's answer to the feedback form, once per person and event."""

    __tablename__ = "event_feedback"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[int]  # 1-5; 4 and 5 count as "found it valuable"
    liked: Mapped[str] = mapped_column(Text, default="")
    improve: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EventMessage(db.Model):
    """An organiser's message to everyone registered: one row per form (its token), so a double
    click sends once; the words are kept by notifications (``text_id``)."""

    __tablename__ = "event_messages"
    __table_args__ = (UniqueConstraint("event_id", "token"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    token: Mapped[str] = mapped_column(String(64))
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(200))
    recipients: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
