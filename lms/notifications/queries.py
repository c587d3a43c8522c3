"""Notifications' read-only window onto accounts: who receives what."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.notifications.models import Notification, NotificationText


def unread_count_column():
    """A scalar subquery, so the unread count comes with the user in one query."""
    return (
        select(func.count(Notification.id))
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def load_claimed(notification_ids: list[int]) -> list[tuple[Notification, User, NotificationText | None]]:
    """The claimed notifications with their recipients and the words they name (``text_id``), in one query."""
    if not notification_ids:
        return []
    return [tuple(row) for row in db.session.execute(
        select(Notification, User, NotificationText).join(User, User.id == Notification.user_id)
        .outerjoin(NotificationText, NotificationText.id == Notification.payload["text_id"].as_integer())
        .where(Notification.id.in_(notification_ids)).order_by(Notification.id)
        .execution_options(populate_existing=True)  # the claim changed them behind the session's back
    )]
