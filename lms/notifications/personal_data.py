"""What the notification ledger holds about a person, for privacy's export and erasure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, select

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.notifications.models import Notification, NotificationText

BATCH = 500
# Payload values that name someone else (a reply's author) or quote their words: not the person's own data.
OTHERS = frozenset({"author", "excerpt", "threads"})

README = {
    "notifications.json": lazy_gettext("The messages the platform sent you, in the app and by e-mail, and whether you read them "
                                       "(without other people's names or words)."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "notifications.json", _notifications(user_id)


def _notifications(user_id: int) -> Iterator[dict]:
    query = (select(Notification.kind, Notification.payload, Notification.created_at, Notification.read_at,
                    Notification.email_status, Notification.email_sent_at, NotificationText.subject, NotificationText.text)
             .outerjoin(NotificationText, NotificationText.id == Notification.payload["text_id"].as_integer())
             .where(Notification.user_id == user_id).order_by(Notification.id))
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        payload = {key: value for key, value in (row.payload or {}).items() if key not in OTHERS}
        if row.subject is not None:
            payload.update(subject=row.subject, text=row.text)
        yield {"kind": row.kind, "details": payload, "created_at": row.created_at, "read_at": row.read_at,
               "email": row.email_status, "email_sent_at": row.email_sent_at}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    db.session.execute(delete(Notification).where(Notification.user_id == user_id))
    return []
