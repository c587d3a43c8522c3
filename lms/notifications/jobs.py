"""E-mail delivery, as a scheduled job."""

from __future__ import annotations

import logging
from datetime import datetime

from lms.core.extensions import db
from lms.core.jobs import Job
from lms.core.mail import mailer
from lms.notifications import delivery
from lms.notifications.messages import compose_email

log = logging.getLogger(__name__)


def deliver_email(now: datetime) -> int:
    """Send what is due. Each claim is committed before sending; each outcome right after."""
    claimed = delivery.claim_due_emails(now=now)
    db.session.commit()
    sent = 0
    with mailer() as send:  # one SMTP connection for the whole batch
        # One commit per message: if this process dies mid-batch, at most one message can go twice.
        for notification, user in delivery.load_claimed(claimed):
            if not delivery.wants_email(notification, user):
                delivery.mark_skipped(notification)
            else:
                try:
                    email = compose_email(notification, user)
                    send(email.to, email.subject, email.text, html=email.html)
                except Exception as error:  # noqa: BLE001  (any failure: keep it and retry later)
                    log.warning("e-mail %s to %s failed: %s", notification.id, user.email, error)
                    delivery.mark_failed(notification, f"{type(error).__name__}: {error}", now=now)
                else:
                    delivery.mark_sent(notification, now=now)
                    sent += 1
            db.session.commit()
    return sent


JOBS = (
    Job("deliver-email", deliver_email, {"seconds": 30}, "Send e-mail for new notifications; retry failures",
        delivers=True),
)
