"""The scheduled jobs of events: the invitations (e-mails with the .ics), the reminders the day
before, the feedback form after the event."""

from __future__ import annotations

import logging
from datetime import datetime

from lms.core import jobs
from lms.core.extensions import db
from lms.core.jobs import Job
from lms.events.services import sweeps
from lms.events.services.invitations import claim_invitations, give_back, send_invitations

log = logging.getLogger(__name__)


def send_event_invitations(now: datetime) -> int:
    """Each place's invitation once: claimed (committed) before it is sent; one that fails is
    given back for the next run. Returns how many went out."""
    sent = 0
    while not jobs.stop_requested():
        claimed = claim_invitations(now=now)
        db.session.commit()
        if not claimed:
            break
        went, failed = send_invitations(claimed, now=now)
        sent += went
        if failed:
            log.warning("event invitations not sent, tried again at the next run: %s", failed)
            give_back(failed)
            db.session.commit()
            break
    return sent


JOBS = (
    Job("event-reminders", jobs.sweep(sweeps.send_reminders), {"minutes": 15},
        "Reminds each person holding a place, the day before the event (once each)"),
    Job("event-feedback-requests", jobs.sweep(sweeps.ask_feedback), {"minutes": 30},
        "Asks each attendee for feedback once the event has ended (once each)"),
    Job("send-event-invitations", send_event_invitations, {"minutes": 1},
        "E-mails each new place its calendar invitation (.ics)", delivers=True),
)
