"""The notification ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db

KINDS = (
    "module_opened", "schedule_changed", "window_closing", "inactivity",
    "review_received", "claim_expiring", "review_duties", "badge_awarded",
    "work_hidden", "work_restored", "result_overridden", "announcement",
    "discussion_reply", "discussion_digest", "post_hidden",
    "data_export_ready", "account_inactive",
    "event",  # workshops and events: what a payload's "what" says (lms/events/templates/email/event.txt)
    "organisation_award",  # an assessor's decision on an organisation's application (lms/organisations/templates/email/)
    "programme_completed",  # a learner completed a programme: its badge and certificate (lms/programmes/templates/email/)
)


# "digest": left for a digest (the e-mail job does not pick it), then "digested" once a digest lists it.
EMAIL_STATES = ("pending", "sending", "sent", "skipped", "failed", "digest", "digested")


class Notification(db.Model):
    """One message to one person, shown in the app and maybe e-mailed.

    It is also the ledger of what was announced: ``(user_id, key)`` is unique, so a
    sweep that runs twice, or in two processes at once, records each message once."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        Index("ix_notifications_email_due", "email_status", "email_next_attempt_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_key", "key"),  # withdrawing one message from everyone it went to
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_status: Mapped[str] = mapped_column(String(16), default="pending")
    email_attempts: Mapped[int] = mapped_column(default=0)
    email_next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A claim: who is sending it (``core.leadership.process_id()``) and when that sender last
    # showed it was alive; see ``notifications.delivery``.
    email_claimed_by: Mapped[str | None] = mapped_column(String(100))
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_error: Mapped[str | None] = mapped_column(Text)


class NotificationText(db.Model):
    """A message's own words, stored once however many people receive it (a tutor's announcement
    to 50,000 learners is one row here): each ledger row's payload names it by ``text_id``, and the
    pages and e-mails that show the words join it."""

    __tablename__ = "notification_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)  # as written (Markdown): the e-mail's text part
    html: Mapped[str] = mapped_column(Text)  # sanitised: what pages and the e-mail's HTML part show
    language: Mapped[str] = mapped_column(String(16))  # the words' own language
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
