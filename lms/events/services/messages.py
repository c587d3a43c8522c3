"""An organiser's message to everyone registered for an event, through the notifications
ledger: its words stored once, one ledger row per person, one message per form (a double
click sends once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, is_language
from lms.core.render import render_markdown
from lms.core.text import as_one_line
from lms.events.models import Event, EventMessage, Registration
from lms.notifications import services as notifications


def send_message(event: Event, *, author_id: int, author_name: str, token: str, subject: str, body: str, language: str,
                 now: datetime) -> int | None:
    """Tell everyone holding a place. Returns how many were told, or None when this form was sent already."""
    subject = as_one_line(subject).strip()
    if not subject or len(subject) > 200:
        raise ValidationError("subject", gettext("Give a subject of at most 200 characters."))
    if not body.strip() or len(body) > 20_000:
        raise ValidationError("body", gettext("Write the message (at most 20,000 characters)."))
    if not token or len(token) > 64:
        raise ValidationError("subject", gettext("The form has expired: copy your text, reload the page and send it again."))
    message_id = db.session.scalar(insert_ignoring_duplicates(EventMessage, conflict_columns=["event_id", "token"]).values(
        event_id=event.id, token=token, sent_by=author_id, subject=subject, recipients=0, sent_at=now)
        .returning(EventMessage.id))
    if message_id is None:
        return None
    language = language if is_language(language) else "en"
    text_id = notifications.store_text(subject=subject, text=body, html=render_markdown(body, media=False), language=language,
                                       now=now)
    registered = select(Registration.user_id).where(Registration.event_id == event.id, Registration.status == "registered")
    told = notifications.notify_users(registered, kind="event", key=f"event:{event.id}:message:{message_id}", now=now, payload={
        "what": "message", "event": event.slug, "event_title": event.title, "starts_at": event.starts_at.isoformat(),
        "timezone": event.timezone, "text_id": text_id, "subject": subject, "author": author_name, "language": language})
    db.session.get(EventMessage, message_id).recipients = told
    return told


def messages_of(event: Event) -> list[EventMessage]:
    return list(db.session.scalars(select(EventMessage).where(EventMessage.event_id == event.id)
                                   .order_by(EventMessage.sent_at.desc(), EventMessage.id.desc()).limit(50)))
