"""Housekeeping for the log-in limits."""

from __future__ import annotations

from lms.accounts import services
from lms.core.jobs import Job, sweep

JOBS = (
    Job("forget-old-login-failures", sweep(services.forget_old_attempts), {"hours": 1},
        "Delete failed log-ins and counted requests older than a day"),
)
