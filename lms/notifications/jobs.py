"""E-mail delivery, as a scheduled job."""

from __future__ import annotations

import logging
from datetime import datetime

from lms.core import clock, jobs
from lms.core.extensions import db
from lms.core.jobs import Job
from lms.core.leadership import process_id
from lms.core.mail import mailer, server_unreachable
from lms.notifications import delivery
from lms.notifications.messages import compose_badges_email, compose_email

log = logging.getLogger(__name__)


class MailServerUnreachable(Exception):
    """The message in hand could not go because the server cannot be reached: stop the run."""


def deliver_email(now: datetime) -> int:
    """Send what is due, a batch of claims at a time until nothing is left, one message at a
    time: renew the claims and check this one is still ours (committed), send, record the
    outcome (committed). Asked to stop, or the mail server out of reach, finish with the
    message in hand and give the rest back, whatever ends the run (a database error too).
    Returns how many e-mails went out."""
    me, started = process_id(), clock.real_now()

    def held_at() -> datetime:  # the run's clock: ``now``, advancing in real time
        return now + (clock.real_now() - started)

    sent = 0
    try:
        with mailer() as send:  # one SMTP connection for the whole run
            while not jobs.stop_requested():
                claimed = delivery.claim_due_emails(now=now, claimer=me, held_at=held_at())
                db.session.commit()
                if not claimed:
                    break
                for notifications, user in delivery.parcels(delivery.load_claimed(claimed)):
                    if jobs.stop_requested():
                        break
                    mine = delivery.keep_claims([n.id for n in notifications], claimer=me, held_at=held_at())
                    db.session.commit()
                    try:
                        sent += _deliver([n for n in notifications if n.id in mine], user, send, now=now)
                    except MailServerUnreachable:
                        db.session.commit()  # the message in hand keeps its retry, as any failure
                        raise
                    db.session.commit()
    except MailServerUnreachable as error:
        # Without this stop, every message of a backlog would wait for the connection timeout
        # in turn and lose one of its attempts: a run of hours, holding off the next.
        log.warning("mail server unreachable (%s): the rest waits for the next run", error)
    finally:
        _give_back(me)
    return sent


def _give_back(me: str) -> None:
    """What this run claimed and did not send is due again, not counted as an attempt."""
    db.session.rollback()  # after a database error the transaction is unusable; all else is committed
    released = delivery.release_claims(me)
    db.session.commit()
    if released:
        log.info("gave back %d unsent e-mails for the next scheduler", released)


def _deliver(notifications: list, user, send, *, now: datetime) -> int:
    """Send one e-mail for these notifications (a recipient's badges travel together)."""
    wanted = [n for n in notifications if delivery.wants_email(n, user)]
    for notification in notifications:
        if notification not in wanted:
            delivery.mark_skipped(notification)
    if not wanted:
        return 0
    try:
        email = compose_email(wanted[0], user) if len(wanted) == 1 else compose_badges_email(wanted, user)
        send(email.to, email.subject, email.text, html=email.html)
    except Exception as error:  # noqa: BLE001  (any failure: keep it and retry later)
        log.warning("e-mail %s to %s failed: %s", [n.id for n in wanted], user.email, error)
        for notification in wanted:
            delivery.mark_failed(notification, f"{type(error).__name__}: {error}", now=now)
        if server_unreachable(error):
            raise MailServerUnreachable(f"{type(error).__name__}: {error}") from error
        return 0
    for notification in wanted:
        delivery.mark_sent(notification, now=now)
    return 1


def release_claims_of(claimer: str) -> int:
    """For the process that takes over from a dead scheduler: its unsent e-mails are due again."""
    released = delivery.release_claims(claimer)
    db.session.commit()
    return released


JOBS = (
    Job("deliver-email", deliver_email, {"seconds": 30}, "Send e-mail for new notifications; retry failures",
        delivers=True, release=release_claims_of),
)
