"""Housekeeping for the wallets that registered here, and for the pushes to learners' wallets."""

from __future__ import annotations

from lms.core.jobs import Job, sweep
from lms.wallets.services import provider, push

JOBS = (
    Job("forget-unused-wallets", sweep(provider.forget_unused_wallets), {"hours": 6},
        "Delete wallets registered over 30 days ago that no learner ever connected"),
    Job("expire-unfinished-pushes", sweep(push.expire_unfinished_pushes), {"minutes": 15},
        "Mark as failed the sends to a wallet still waiting for the learner's permission after an hour"),
)
