"""Invitation e-mails, as a scheduled job: sent after the tutor's upload is committed, in
batches over one SMTP connection, each batch claimed (committed) before it is sent and its
outcome recorded (committed) after."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app

from lms.core import jobs
from lms.core.extensions import db
from lms.core.jobs import Job
from lms.core.mail import mailer, server_unreachable
from lms.roster import services

log = logging.getLogger(__name__)


def send_invitations(now: datetime) -> int:
    """Send the invitations that are due until none is left, the mail server is out of reach or
    the scheduler is asked to stop. Returns how many e-mails went out."""
    config, sent = current_app.config, 0
    with mailer() as outbox:
        while not jobs.stop_requested():
            claimed = services.claim_due(now=now, limit=config["MAIL_BATCH_SIZE"])
            db.session.commit()
            if not claimed:
                break
            try:
                letters = services.write_letters(claimed, sender=config["MAIL_SENDER"], now=now)
            except Exception as error:  # noqa: BLE001  (a bug in writing: count it as a failed try, log it, stop)
                log.exception("could not write invitation e-mails %s", sorted(claimed))
                db.session.rollback()
                services.record_sending(list(claimed), [], dict.fromkeys(claimed, repr(error)), now=now)
                db.session.commit()
                break
            ok, failed, unreachable = _send(letters, outbox)
            services.record_sending(list(claimed), ok, failed, now=now)
            db.session.commit()
            sent += len(ok)
            if unreachable:
                log.warning("mail server unreachable: the other invitations wait for the next run")
                break
    return sent


def _send(letters, outbox) -> tuple[list[int], dict[int, str], bool]:
    """(sent ids, failed ids with why, is the server out of reach) for one batch."""
    by_message = {letter.message_id: invitation_id for invitation_id, letter in letters}
    outcomes, unreachable = [], False
    for _, letter in letters:
        if jobs.stop_requested() or unreachable:
            break
        settled = outbox.send(letter)
        outcomes += settled
        unreachable = any(error is not None and server_unreachable(error) for _, error in settled)
    outcomes += outbox.flush()
    ok = [by_message[letter.message_id] for letter, error in outcomes if error is None]
    failed = {by_message[letter.message_id]: f"{type(error).__name__}: {error}" for letter, error in outcomes if error is not None}
    for invitation_id, why in failed.items():
        log.warning("invitation %s could not be sent: %s", invitation_id, why)
    return ok, failed, unreachable


JOBS = (
    Job("send-invitations", send_invitations, {"seconds": 30}, "E-mail the invitations tutors made by uploading addresses",
        delivers=True),
)
