"""Keeping peer review moving: the tutor queue and reminders."""

from __future__ import annotations

from lms.core.jobs import Job, sweep
from lms.peer_review import services as peer_review

JOBS = (
    Job("escalate-unreviewed", sweep(peer_review.escalate_unreviewed), {"hours": 1},
        "Send work still short of reviews after the fallback delay to the tutor queue"),
    Job("remind-expiring-claims", sweep(peer_review.remind_expiring_claims), {"minutes": 5},
        "Tell reviewers their claim is about to expire"),
    Job("remind-open-duties", sweep(peer_review.remind_open_duties), {"hours": 1},
        "Before a run closes, remind learners with peer review still open"),
)
