"""E-mail delivery, as a scheduled job."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from lms.core import clock, jobs
from lms.core.extensions import db
from lms.core.jobs import Job
from lms.core.leadership import process_id
from lms.core.mail import Outbox, Outcome, mailer, server_unreachable
from lms.notifications import delivery
from lms.notifications.messages import Composer

log = logging.getLogger(__name__)
RENEW_EVERY = delivery.CLAIM_LEASE.total_seconds() / 3  # seconds between renewals of a run's claims within a batch


def deliver_email(now: datetime) -> int:
    """Send what is due until nothing is left, a batch at a time (MAIL_BATCH_SIZE): claim it
    (committed), renew the claims, send what is still ours over one SMTP connection, record
    the batch's outcome (committed). Asked to stop, or the mail server out of reach, finish
    with the message in hand, record the batch and give the rest back, whatever ends the run
    (a database error too). Returns how many e-mails went out."""
    me, started = process_id(), clock.real_now()

    def held_at() -> datetime:  # the run's clock: ``now``, advancing in real time
        return now + (clock.real_now() - started)

    sent = 0
    config = current_app.config
    composer = Composer(sender=config["MAIL_SENDER"], date=now)
    try:
        with mailer() as outbox:  # one SMTP connection for the whole run
            while not jobs.stop_requested():
                claimed = delivery.claim_due_emails(now=now, claimer=me, held_at=held_at(), limit=config["MAIL_BATCH_SIZE"])
                db.session.commit()
                if not claimed:
                    break
                letters, unreachable = _send_batch(claimed, Claims(me, held_at), composer, outbox, now=now)
                sent += letters
                if unreachable:
                    log.warning("mail server unreachable (%s): the rest waits for the next run", unreachable)
                    break
    finally:
        _give_back(me)
    return sent


class Claims:
    """This run's hold on a batch's claims: renewed whenever a third of the lease has passed
    since the claim or the last renewal, before the next message, and then only what is still
    ours is sent. So no other sender takes a message while it is being sent, and a sender that
    was paused past the lease finds out before sending what another has taken over."""

    def __init__(self, claimer: str, held_at):
        self.claimer, self.held_at = claimer, held_at
        self.batch: list[int] = []
        self.mine: set[int] = set()
        self.renewed = 0.0

    def claimed(self, batch: list[int]) -> None:
        """``batch`` was just claimed (and so renewed) and committed."""
        self.batch, self.mine, self.renewed = batch, set(batch), clock.monotonic()

    def still_mine(self, notification_ids: list[int]) -> set[int]:
        if clock.monotonic() - self.renewed > RENEW_EVERY:
            self.mine = delivery.keep_claims(self.batch, claimer=self.claimer, held_at=self.held_at())
            db.session.commit()
            self.renewed = clock.monotonic()
        return self.mine & set(notification_ids)


def _send_batch(claimed: list[int], claims: Claims, composer: Composer, outbox: Outbox, *,
                now: datetime) -> tuple[int, str | None]:
    """Send one batch and record its outcome in one commit. Returns how many e-mails went, and
    why the run must stop if the mail server is out of reach."""
    claims.claimed(claimed)
    batch = _Batch()
    for notifications, user, text in delivery.parcels(delivery.load_claimed(sorted(claims.mine))):
        if jobs.stop_requested() or batch.unreachable:
            break
        mine = claims.still_mine([n.id for n in notifications])
        wanted = [n for n in notifications if n.id in mine and delivery.wants_email(n, user)]
        batch.outcome.skipped += [n.id for n in notifications if n.id in mine and n not in wanted]
        if wanted:
            batch.send(wanted, user, composer, outbox, text)
    batch.settle(outbox.flush())  # the letter in hand, when the server pipelines
    delivery.record(batch.outcome, now=now)
    db.session.commit()
    return batch.letters, batch.unreachable


class _Batch:
    """A batch's letters in flight and what became of them."""

    def __init__(self):
        self.outcome = delivery.Outcome()
        self.in_flight: dict[str, tuple[list, str]] = {}  # Message-ID -> (notifications, recipient)
        self.letters = 0
        self.unreachable: str | None = None

    def send(self, notifications: list, user, composer: Composer, outbox: Outbox, text=None) -> None:
        """One e-mail for these notifications (a recipient's badges travel together), with the
        words a notification names (``text``)."""
        try:
            letter = composer.letter(notifications, user, text)
        except Exception as error:  # noqa: BLE001  (a message that cannot be written: keep it and retry later)
            self._failed(notifications, user.email, error)
            return
        self.in_flight[letter.message_id] = (notifications, user.email)
        self.settle(outbox.send(letter))

    def settle(self, outcomes: list[Outcome]) -> None:
        for letter, error in outcomes:
            notifications, to = self.in_flight.pop(letter.message_id)
            if error is None:
                self.outcome.sent += [n.id for n in notifications]
                self.letters += 1
            else:
                self._failed(notifications, to, error)

    def _failed(self, notifications: list, to: str, error: BaseException) -> None:
        log.warning("e-mail %s to %s failed: %s", [n.id for n in notifications], to, error)
        self.outcome.failed += [(notification, f"{type(error).__name__}: {error}") for notification in notifications]
        if server_unreachable(error):
            # Without this stop, every message of a backlog would wait for the connection timeout
            # in turn and lose one of its attempts: a run of hours, holding off the next.
            self.unreachable = f"{type(error).__name__}: {error}"


def _give_back(me: str) -> None:
    """What this run claimed and did not send is due again, not counted as an attempt."""
    db.session.rollback()  # after a database error the transaction is unusable; all else is committed
    released = delivery.release_claims(me)
    db.session.commit()
    if released:
        log.info("gave back %d unsent e-mails for the next scheduler", released)


def release_claims_of(claimer: str) -> int:
    """For the process that takes over from a dead scheduler: its unsent e-mails are due again."""
    released = delivery.release_claims(claimer)
    db.session.commit()
    return released


JOBS = (
    Job("deliver-email", deliver_email, {"seconds": 30}, "Send e-mail for new notifications; retry failures",
        delivers=True, release=release_claims_of),
)
