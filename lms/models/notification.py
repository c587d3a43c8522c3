from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.types import UTCDateTime

KINDS = (
    "module_opened", "schedule_changed", "window_closing", "inactivity",
    "review_received", "claim_expiring", "review_duties", "badge_awarded",
)
EMAIL_STATES = ("pending", "sending", "sent", "skipped", "failed")


class Notification(db.Model):
    """One message to one person, shown in the app and maybe e-mailed.

    It is also the ledger of what was announced: ``(user_id, key)`` is unique, so a
    sweep that runs twice, or in two processes at once, records each message once."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        Index("ix_notifications_email_due", "email_status", "email_next_attempt_at"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
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
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_error: Mapped[str | None] = mapped_column(Text)


class ScheduleChange(db.Model):
    """Audit log: who moved which module's opening, from when to when."""

    __tablename__ = "schedule_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_set: Mapped[str] = mapped_column(String(36), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    old_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    new_opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    learners_notified: Mapped[int] = mapped_column(default=0)


class SchedulerLease(db.Model):
    """Which scheduler process is active, where no advisory lock exists (SQLite)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
