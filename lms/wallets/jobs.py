"""Housekeeping for the wallets that registered here."""

from __future__ import annotations

from lms.core.jobs import Job, sweep
from lms.wallets.services import provider

JOBS = (
    Job("forget-unused-wallets", sweep(provider.forget_unused_wallets), {"hours": 6},
        "Delete wallets registered over 30 days ago that no learner ever connected"),
)
