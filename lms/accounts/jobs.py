"""Housekeeping for the log-in limits and the list of sessions."""

from __future__ import annotations

from lms.accounts import services
from lms.core.jobs import Job, sweep

JOBS = (
    Job("forget-old-login-failures", sweep(services.forget_old_attempts), {"hours": 1},
        "Delete failed log-ins and counted requests older than a day"),
    Job("forget-ended-sessions", sweep(services.forget_ended_sessions), {"hours": 6},
        "Delete sessions ended more than 90 days ago, and those unused for longer than a log-in is remembered"),
)
