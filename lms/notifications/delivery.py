"""The e-mail side of notifications: claim what is due, then record the outcome.

A claim is a conditional UPDATE committed before sending, so two scheduler
processes never send the same message; a failure is retried later with a
growing delay; a message marked sent is never sent again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, update

from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.notifications.queries import load_claimed

if TYPE_CHECKING:
    from lms.accounts.models import User

__all__ = ["claim_due_emails", "load_claimed", "mark_failed", "mark_sent", "mark_skipped", "wants_email"]

MAX_ATTEMPTS = 8
STALE_CLAIM = timedelta(minutes=15)  # a sender that died mid-send gives its claim back after this


def claim_due_emails(*, now: datetime, limit: int = 100) -> list[int]:
    """Take up to ``limit`` due messages for this process; returns their ids."""
    claimable = or_(
        and_(Notification.email_status == "pending", Notification.email_next_attempt_at <= now),
        and_(Notification.email_status == "sending", Notification.email_claimed_at < now - STALE_CLAIM),
    )
    due = list(db.session.scalars(select(Notification.id).where(claimable).order_by(Notification.id).limit(limit)))
    if not due:
        return []
    claimed = db.session.scalars(
        update(Notification)
        .where(Notification.id.in_(due), claimable)
        .values(email_status="sending", email_claimed_at=now, email_attempts=Notification.email_attempts + 1)
        .returning(Notification.id),
        execution_options={"synchronize_session": False},
    ).all()
    return sorted(claimed)


def wants_email(notification: Notification, user: User) -> bool:
    return notification.kind not in (user.email_muted or [])


def mark_sent(notification: Notification, *, now: datetime) -> None:
    notification.email_status = "sent"
    notification.email_sent_at = now
    notification.email_error = None


def mark_skipped(notification: Notification) -> None:
    notification.email_status = "skipped"


def mark_failed(notification: Notification, error: str, *, now: datetime) -> None:
    """Retry after 2, 4, 8 ... minutes; give up after MAX_ATTEMPTS (it stays in the app)."""
    notification.email_error = error[:2000]
    if notification.email_attempts >= MAX_ATTEMPTS:
        notification.email_status = "failed"
        return
    notification.email_status = "pending"
    notification.email_next_attempt_at = now + timedelta(minutes=2 ** notification.email_attempts)
