"""Notifications: recording new ones through the ledger, the in-app list, e-mail choices.

Recording goes through the ledger's unique ``(user_id, key)``: asking twice for
the same message (a retry, a second scheduler, a restart) records it once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, insert, literal, select, true, update

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext
from lms.notifications.models import KINDS, Notification, NotificationText
from lms.notifications.queries import unread_count_column

if TYPE_CHECKING:
    from lms.accounts.models import User

__all__ = ["KIND_LABELS", "email_choices", "list_notifications", "mark_read", "notify_each", "notify_user", "notify_users",
           "notify_users_with_status", "record_digests", "set_email_preferences", "skip_waiting", "store_text",
           "unread_count_column"]

KIND_LABELS = {
    "module_opened": lazy_gettext("A module opens"),
    "schedule_changed": lazy_gettext("The schedule changes"),
    "window_closing": lazy_gettext("The course window closes in 7 days"),
    "inactivity": lazy_gettext("A reminder after 14 days without activity"),
    "review_received": lazy_gettext("A peer has reviewed my work"),
    "claim_expiring": lazy_gettext("A review I started is about to expire"),
    "review_duties": lazy_gettext("Peer-review work is still open before the course closes"),
    "badge_awarded": lazy_gettext("I earn a badge"),
    "work_hidden": lazy_gettext("A tutor hides my work or one of my reviews"),
    "work_restored": lazy_gettext("A tutor makes my hidden work or review visible again"),
    "result_overridden": lazy_gettext("A tutor sets my result by hand"),
    "announcement": lazy_gettext("A tutor sends an announcement to my course"),
    "post_hidden": lazy_gettext("A tutor hides one of my discussion posts"),
}
# Replies in followed discussions (discussion_reply, discussion_digest) are not among these check
# boxes: the account page's "In discussions" asks how they come (each, a daily digest, none).


def store_text(*, subject: str, text: str, html: str, language: str, now: datetime) -> int:
    """Keep a message's words once (Markdown ``text``, sanitised ``html``) and return their id, for
    the payloads of the many notifications that carry them (as ``text_id``): one INSERT."""
    return db.session.execute(insert(NotificationText).values(subject=subject, text=text, html=html, language=language,
                                                              created_at=now).returning(NotificationText.id)).scalar_one()


def notify_users(user_ids: Select, *, kind: str, key: str, payload: dict[str, Any], now: datetime) -> int:
    """Record one notification per user selected by ``user_ids`` (a one-column select).
    Returns how many were new."""
    return _record_from(user_ids.subquery().c[0], literal("pending"), kind=kind, key=key, payload=payload, now=now)


def notify_users_with_status(recipients: Select, *, kind: str, key: str, payload: dict[str, Any], now: datetime) -> int:
    """As ``notify_users``, each recipient's e-mail status taken from the select's second column
    (``recipients``: user id, status): "pending" (the e-mail job sends it), "digest" (left for a
    digest: see ``record_digests``) or "skipped". Returns how many were new."""
    chosen = recipients.subquery()
    return _record_from(chosen.c[0], chosen.c[1], kind=kind, key=key, payload=payload, now=now)


def _record_from(user_id, email_status, *, kind: str, key: str, payload: dict[str, Any], now: datetime) -> int:
    assert kind in KINDS
    insert = insert_ignoring_duplicates(Notification, conflict_columns=["user_id", "key"]).from_select(
        ["user_id", "kind", "key", "payload", "created_at", "email_status", "email_attempts", "email_next_attempt_at"],
        select(
            user_id,
            literal(kind),
            literal(key),
            literal(payload, Notification.payload.type),
            literal(now, Notification.created_at.type),
            email_status,
            literal(0),
            literal(now, Notification.email_next_attempt_at.type),
        ).where(true()),  # SQLite needs a WHERE before ON CONFLICT in INSERT ... SELECT
    )
    # The INSERT's own count (SQLite's changes(), PostgreSQL's "INSERT 0 n" as psycopg reports it;
    # SQLAlchemy keeps an INSERT's rowcount only when asked): rows skipped as duplicates are not in
    # it, and no id comes back to Python.
    return db.session.execute(insert, execution_options={"preserve_rowcount": True}).rowcount


def notify_each(messages: list[tuple[int, str, dict[str, Any]]], *, kind: str, now: datetime) -> int:
    """Record many notifications of one kind, each (user id, key, payload) its own, in one
    INSERT per thousand; a (user, key) already recorded is skipped. Returns how many were new."""
    assert kind in KINDS
    if not messages:
        return 0
    rows = [{"user_id": user_id, "kind": kind, "key": key, "payload": payload, "created_at": now, "email_status": "pending",
             "email_attempts": 0, "email_next_attempt_at": now} for user_id, key, payload in messages]
    insert = insert_ignoring_duplicates(Notification, conflict_columns=["user_id", "key"]).returning(Notification.id)
    return len(db.session.scalars(insert, rows).all())


def record_digests(digests: list[tuple[int, str, dict[str, Any]]], *, kind: str, of_kind: str, through: int,
                   now: datetime) -> int:
    """Record digests, each (user id, key, payload) of ``kind`` (one INSERT; a key recorded already is
    skipped), shown as read in the app (what they list was shown there one by one) and e-mailed
    like any other; then the rows of ``of_kind`` that waited for a digest (status "digest", id up to
    ``through``) of each user whose digest is new are "digested" (one UPDATE). A user whose digest
    was recorded already (a second run, another scheduler) keeps theirs waiting. Returns how many
    digests are new."""
    assert kind in KINDS and of_kind in KINDS
    if not digests:
        return 0
    rows = [{"user_id": user_id, "kind": kind, "key": key, "payload": payload, "created_at": now, "read_at": now,
             "email_status": "pending", "email_attempts": 0, "email_next_attempt_at": now} for user_id, key, payload in digests]
    insert = insert_ignoring_duplicates(Notification, conflict_columns=["user_id", "key"]).returning(Notification.user_id)
    told = list(db.session.scalars(insert, rows).all())
    if told:
        db.session.execute(update(Notification).where(
            Notification.kind == of_kind, Notification.email_status == "digest", Notification.id <= through,
            Notification.user_id.in_(told)).values(email_status="digested"), execution_options={"synchronize_session": False})
    return len(told)


def skip_waiting(user_ids: list[int], *, kind: str, through: int | None = None) -> int:
    """These users' notifications of ``kind`` waiting for a digest (up to id ``through``, if given)
    will not be e-mailed (they chose no e-mail meanwhile, or nothing is left to tell): one UPDATE.
    Returns how many."""
    if not user_ids:
        return 0
    query = update(Notification).where(
        Notification.kind == kind, Notification.email_status == "digest", Notification.user_id.in_(user_ids))
    if through is not None:
        query = query.where(Notification.id <= through)
    return db.session.execute(query.values(email_status="skipped"), execution_options={"synchronize_session": False}).rowcount or 0


def notify_user(user_id: int, *, kind: str, key: str, payload: dict[str, Any], now: datetime) -> int:
    return notify_users(select(literal(user_id)), kind=kind, key=key, payload=payload, now=now)


def withdraw(key: str, *, payload: dict[str, Any]) -> None:
    """A message whose subject is gone (a reply its author removed or a tutor hid): the e-mails not
    yet sent or digested never go, and everyone's note keeps only ``payload`` (e.g. without the words)."""
    db.session.execute(update(Notification).where(Notification.key == key, Notification.email_status.in_(("pending", "digest")))
                       .values(email_status="skipped"))
    db.session.execute(update(Notification).where(Notification.key == key).values(payload=payload))


# A digest is recorded at most a couple of days after what it gathers (daily, at the reader's morning).
DIGEST_LAG = timedelta(days=3)


def redact_digests(quoted_key: str, *, digest_kind: str, redact: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Rewrite, with ``redact``, the digests that may quote the message ``quoted_key``: those of its
    recipients, of ``digest_kind``, recorded from when it was recorded until DIGEST_LAG after (a
    digest copies what it gathers). Returns how many changed."""
    span = db.session.execute(select(func.min(Notification.created_at), func.max(Notification.created_at))
                              .where(Notification.key == quoted_key)).one()
    if span[0] is None:
        return 0
    recipients = select(Notification.user_id).where(Notification.key == quoted_key)
    changed = 0
    for digest in db.session.scalars(select(Notification).where(
            Notification.kind == digest_kind, Notification.user_id.in_(recipients),
            Notification.created_at.between(span[0], span[1] + DIGEST_LAG)).execution_options(yield_per=500)):
        redacted = redact(digest.payload)
        if redacted != digest.payload:
            digest.payload = redacted
            changed += 1
    return changed


def restate(key: str, **values: Any) -> None:
    """Change what everyone's note of one message says (``values`` over its payload), sending state
    untouched: an author whose account was erased is no longer named. One message's rows share one
    payload, so one read and one UPDATE, however many received it."""
    payload = db.session.scalar(select(Notification.payload).where(Notification.key == key).limit(1))
    if payload is not None:
        db.session.execute(update(Notification).where(Notification.key == key).values(payload={**payload, **values}),
                           execution_options={"synchronize_session": False})


def list_notifications(user: User, *, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ))


def mark_read(user: User, notification_ids: Iterable[int] | None, *, now: datetime) -> int:
    """Mark some (or, with ``None``, all) of the user's own notifications as read."""
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_ids is not None:
        ids = list(notification_ids)
        owned = db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.id.in_(ids), Notification.user_id == user.id))
        if owned != len(ids):
            raise NotFound(gettext("No such notification."))
        query = query.where(Notification.id.in_(ids))
    return db.session.execute(query.values(read_at=now)).rowcount or 0


def email_choices(user: User) -> list[str]:
    """The notification kinds this person wants by e-mail."""
    return [kind for kind in KINDS if kind not in (user.email_muted or [])]


def set_email_preferences(user: User, *, wanted: Iterable[str]) -> None:
    """The kinds offered as check boxes (KIND_LABELS) are muted unless ``wanted``; the others are
    chosen elsewhere (discussions' replies: at once, a daily digest or none) and keep their choice."""
    wanted = set(wanted)
    unknown = wanted - set(KIND_LABELS)
    if unknown:
        raise ValidationError("email", gettext("Unknown notification kind: %(kinds)s.", kinds=", ".join(sorted(unknown))))
    user.email_muted = sorted((set(KIND_LABELS) - wanted) | (set(user.email_muted or []) - set(KIND_LABELS)))
