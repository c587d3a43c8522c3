"""The cohort's scheduled jobs: announcements whose time has come."""

from __future__ import annotations

from datetime import datetime

from lms.cohort.services import announcements
from lms.core.extensions import db
from lms.core.jobs import Job, stop_requested


def send_due_announcements(now: datetime) -> int:
    """Send each scheduled announcement that is due, one commit each (a large run's announcement is
    one INSERT ... SELECT); one another scheduler sent already is skipped. Returns how many
    learners were reached."""
    reached = 0
    while not stop_requested():
        due = announcements.due(now=now)
        if not due:
            break
        for announcement_id in due:
            reached += announcements.send_scheduled(announcement_id, now=now)
            db.session.commit()
            if stop_requested():
                break
    return reached


JOBS = (
    Job("send-announcements", send_due_announcements, {"minutes": 1}, "Send tutors' announcements at their chosen time"),
)
