"""Discussions' scheduled jobs: the daily digest of replies in followed threads."""

from __future__ import annotations

from datetime import datetime

from lms.core.extensions import db
from lms.core.jobs import Job, stop_requested
from lms.discussions.services import digest


def send_discussion_digests(now: datetime) -> int:
    """Record each digest due (07:00 in each person's zone), a chunk of people per commit; the
    e-mail job then sends them. Run again, it records nothing. Returns how many were recorded."""
    recorded, after, through = 0, 0, digest.digest_bound()
    while not stop_requested():
        new, after = digest.send_digests(after=after, through=through, now=now)
        db.session.commit()
        recorded += new
        if after is None:
            break
    return recorded


JOBS = (
    Job("discussion-digest", send_discussion_digests, {"minutes": 15},
        "Send each follower who chose it the day's replies in the discussions they follow, in one e-mail"),
)
