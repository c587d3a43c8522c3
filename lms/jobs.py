"""Scheduled jobs, declared as data with stable ids, each a thin body around services.

The scheduler runs in its own process (``flask scheduler run``), never in a web
worker. Every job is idempotent: sweeps record through the notification ledger
and e-mail is claimed before it is sent, so a doubled or restarted scheduler
sends each message once. Each job also runs once at start-up, which announces
what was missed while the scheduler was down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import Flask

from lms import clock
from lms.extensions import db
from lms.mail import mailer
from lms.messages import compose_email
from lms.services import announcements, awards, email_delivery, peer_review

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    id: str
    run: Callable[[datetime], int]
    trigger: dict = field(default_factory=dict)  # APScheduler "interval" arguments
    description: str = ""


def sweep(service) -> Callable[[datetime], int]:
    def body(now: datetime) -> int:
        report = service(now=now)
        db.session.commit()
        return report.recorded

    return body


def deliver_email(now: datetime) -> int:
    """Send what is due. Each claim is committed before sending; each outcome right after."""
    claimed = email_delivery.claim_due_emails(now=now)
    db.session.commit()
    sent = 0
    with mailer() as send:  # one SMTP connection for the whole batch
        # One commit per message: if this process dies mid-batch, at most one message can go twice.
        for notification, user in email_delivery.load_claimed(claimed):
            if not email_delivery.wants_email(notification, user):
                email_delivery.mark_skipped(notification)
            else:
                try:
                    email = compose_email(notification, user)
                    send(email.to, email.subject, email.text, html=email.html)
                except Exception as error:  # noqa: BLE001  (any failure: keep it and retry later)
                    log.warning("e-mail %s to %s failed: %s", notification.id, user.email, error)
                    email_delivery.mark_failed(notification, f"{type(error).__name__}: {error}", now=now)
                else:
                    email_delivery.mark_sent(notification, now=now)
                    sent += 1
            db.session.commit()
    return sent


JOBS = (
    Job("announce-releases", sweep(announcements.announce_releases), {"minutes": 1},
        "Tell learners that a module has opened"),
    Job("warn-window-closing", sweep(announcements.warn_window_closing), {"hours": 1},
        "Tell learners that the course window closes in 7 days"),
    Job("nudge-inactive", sweep(announcements.nudge_inactive), {"hours": 6},
        "Remind learners who have been away for 14 days"),
    Job("escalate-unreviewed", sweep(peer_review.escalate_unreviewed), {"hours": 1},
        "Send work still short of reviews after the fallback delay to the tutor queue"),
    Job("remind-expiring-claims", sweep(peer_review.remind_expiring_claims), {"minutes": 5},
        "Tell reviewers their claim is about to expire"),
    Job("remind-open-duties", sweep(peer_review.remind_open_duties), {"hours": 1},
        "Before a run closes, remind learners with peer review still open"),
    Job("award-missing-badges", sweep(awards.award_missing), {"hours": 1},
        "Award badges and certificates for completions that lack them"),
    Job("deliver-email", deliver_email, {"seconds": 30},
        "Send e-mail for new notifications; retry failures"),
)


def run_job(app: Flask, job: Job) -> int:
    with app.app_context():
        try:
            done = job.run(clock.now())
        except Exception:
            db.session.rollback()
            log.exception("job %s failed; it will run again at its next time", job.id)
            raise
        log.info("job %s: %d", job.id, done)
        return done


def run_scheduler(app: Flask) -> None:
    """Wait until this process is the only active scheduler, then run every job on
    its interval (UTC), each also once at start. If leadership is lost, stop."""
    import time

    from apscheduler.schedulers.blocking import BlockingScheduler

    from lms.scheduler_lock import leadership

    config = app.config
    with app.app_context():
        leader = leadership(config["SCHEDULER_LEASE_SECONDS"])
        announced = False
        while not leader.acquire():
            if not announced:
                log.info("standby: another scheduler is active; waiting to take over")
                announced = True
            time.sleep(config["SCHEDULER_POLL_SECONDS"])
        log.info("active: this process runs the jobs")
    start = clock.real_now()  # APScheduler's own timing; jobs still get clock.now()

    scheduler = BlockingScheduler(timezone="UTC")

    def keep_leadership() -> None:
        with app.app_context():
            if not leader.renew():
                log.error("leadership lost: stopping so that only one scheduler runs")
                scheduler.shutdown(wait=False)

    for job in JOBS:
        trigger = {"seconds": config["SCHEDULER_INTERVAL_SECONDS"]} if config.get("SCHEDULER_INTERVAL_SECONDS") else job.trigger
        scheduler.add_job(
            run_job, "interval", args=(app, job), id=job.id, name=job.description,
            next_run_time=start, coalesce=True, max_instances=1, misfire_grace_time=None, **trigger,
        )
    scheduler.add_job(keep_leadership, "interval", id="keep-leadership", seconds=max(1.0, config["SCHEDULER_LEASE_SECONDS"] / 3))
    scheduler.start()
