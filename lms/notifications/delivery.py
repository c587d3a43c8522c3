"""The e-mail side of notifications: claim what is due, then record the outcome.

A claim is a conditional UPDATE committed before sending; it names the sender
(``core.leadership.process_id()``) and when that sender last showed it was alive.
A sender works in batches of MAIL_BATCH_SIZE: it claims a batch, renews its claims before
the batch (and again whenever a third of CLAIM_LEASE has passed) and sends only what is
still its own, so two processes never send the same message; then it records the whole
batch's outcome in one commit. A sender that stops cleanly gives back what it has not sent;
the process that takes over from a dead scheduler gives back the dead one's claims at
once; any other claim left by a dead sender is free again after CLAIM_LEASE. So each
message goes once, except after a sender dies: the messages of its batch that the SMTP
server had taken but whose "sent" was not yet recorded (at most one batch) go again, with
the same Message-ID, so that a receiving server or mail client can recognise them.

A learner's badge e-mails wait until a minute has passed without a new badge, then
go as one message; each ledger row is still marked on its own. A failure is retried
later with a growing delay; a message marked sent is never sent again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from lms.core.extensions import db
from lms.notifications.models import Notification, NotificationText
from lms.notifications.queries import load_claimed

if TYPE_CHECKING:
    from lms.accounts.models import User

__all__ = ["Outcome", "claim_due_emails", "keep_claims", "load_claimed", "parcels", "record", "release_claims",
           "wants_email"]

MAX_ATTEMPTS = 8
CLAIM_LEASE = timedelta(seconds=30)  # a sender renews its claims before each batch; silent longer, it is dead
BADGE_SETTLE = timedelta(minutes=1)  # badges earned in a burst go out as one message
GROUPED = "badge_awarded"


def _settled(now: datetime):
    newer_badge = aliased(Notification)
    return or_(Notification.kind != GROUPED, ~exists().where(
        newer_badge.user_id == Notification.user_id, newer_badge.kind == GROUPED,
        newer_badge.created_at > now - BADGE_SETTLE))


def _due(now: datetime):
    return and_(Notification.email_status == "pending", Notification.email_next_attempt_at <= now, _settled(now))


def _lapsed(held_at: datetime):
    return and_(Notification.email_status == "sending", Notification.email_claimed_at < held_at - CLAIM_LEASE)


def claim_due_emails(*, now: datetime, claimer: str, held_at: datetime, limit: int = 100) -> list[int]:
    """Take up to ``limit`` due messages (plus the rest of a recipient's badge group) for
    ``claimer``; returns their ids. ``held_at`` is the claimer's clock, renewed by keep_claims.
    Claims left by a dead sender come first, then what is due, oldest first: in the order of
    the index on (status, next attempt), so a claim reads ``limit`` rows of a backlog, not all."""
    due = list(db.session.scalars(select(Notification.id).where(_lapsed(held_at)).order_by(Notification.id).limit(limit)))
    if len(due) < limit:
        due += db.session.scalars(select(Notification.id).where(_due(now))
                                  .order_by(Notification.email_next_attempt_at, Notification.id).limit(limit - len(due)))
    if not due:
        return []
    claimable = or_(_due(now), _lapsed(held_at))
    grouped_users = select(Notification.user_id).where(Notification.id.in_(due), Notification.kind == GROUPED)
    due += db.session.scalars(select(Notification.id).where(
        claimable, Notification.kind == GROUPED, Notification.user_id.in_(grouped_users), Notification.id.not_in(due)))
    claimed = db.session.scalars(
        update(Notification)
        .where(Notification.id.in_(due), claimable)
        .values(email_status="sending", email_claimed_by=claimer, email_claimed_at=held_at,
                email_attempts=Notification.email_attempts + 1)
        .returning(Notification.id),
        execution_options={"synchronize_session": False},
    ).all()
    return sorted(claimed)


def keep_claims(notification_ids: Iterable[int], *, claimer: str, held_at: datetime) -> set[int]:
    """Renew every claim ``claimer`` still holds (it is alive) and return which of these
    ids are still its own: one taken over meanwhile must not be sent."""
    mine = db.session.scalars(
        update(Notification)
        .where(Notification.email_claimed_by == claimer, Notification.email_status == "sending")
        .values(email_claimed_at=held_at)
        .returning(Notification.id),
        execution_options={"synchronize_session": False},
    ).all()
    return set(notification_ids) & set(mine)


def release_claims(claimer: str) -> int:
    """Give back, as due again, what ``claimer`` claimed and did not finish; the claim does
    not count as an attempt. Returns how many."""
    return db.session.execute(
        update(Notification)
        .where(Notification.email_claimed_by == claimer, Notification.email_status == "sending")
        .values(email_status="pending", email_claimed_by=None, email_claimed_at=None,
                email_attempts=Notification.email_attempts - 1),
        execution_options={"synchronize_session": False},
    ).rowcount or 0


def parcels(claimed: list[tuple[Notification, User, NotificationText | None]]
            ) -> list[tuple[list[Notification], User, NotificationText | None]]:
    """What goes in one e-mail: each notification alone (with the words it names, if any), except a
    recipient's badges together."""
    result: list[tuple[list[Notification], User, NotificationText | None]] = []
    groups: dict[int, list[Notification]] = {}
    for notification, user, text in claimed:
        if notification.kind != GROUPED:
            result.append(([notification], user, text))
        elif user.id in groups:
            groups[user.id].append(notification)
        else:
            groups[user.id] = [notification]
            result.append((groups[user.id], user, None))
    return result


def wants_email(notification: Notification, user: User) -> bool:
    return notification.kind not in (user.email_muted or [])


@dataclass
class Outcome:
    """What became of a batch's messages, recorded together (one commit per batch)."""

    sent: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[tuple[Notification, str]] = field(default_factory=list)


def record(outcome: Outcome, *, now: datetime) -> None:
    """Mark the batch: sent and skipped in one statement each, each failure for its retry."""
    done = {"email_claimed_by": None, "email_claimed_at": None}
    if outcome.sent:
        db.session.execute(update(Notification).where(Notification.id.in_(outcome.sent)).values(
            email_status="sent", email_sent_at=now, email_error=None, **done), execution_options={"synchronize_session": False})
    if outcome.skipped:
        db.session.execute(update(Notification).where(Notification.id.in_(outcome.skipped)).values(
            email_status="skipped", **done), execution_options={"synchronize_session": False})
    for notification, error in outcome.failed:
        _mark_failed(notification, error, now=now)


def _mark_failed(notification: Notification, error: str, *, now: datetime) -> None:
    """Retry after 2, 4, 8 ... minutes; give up after MAX_ATTEMPTS (it stays in the app)."""
    notification.email_error = error[:2000]
    notification.email_claimed_by = None
    if notification.email_attempts >= MAX_ATTEMPTS:
        notification.email_status = "failed"
        return
    notification.email_status = "pending"
    notification.email_next_attempt_at = now + timedelta(minutes=2 ** notification.email_attempts)
