"""Privacy's scheduled jobs: exports built and erasures done exactly once (claimed by a
conditional UPDATE; a dead scheduler's claims given back by ``release``), expired exports
deleted, and retention."""

from __future__ import annotations

from datetime import datetime

from lms.core import jobs
from lms.core.jobs import Job
from lms.core.leadership import process_id
from lms.privacy import services


def build_exports(now: datetime) -> int:
    return services.build_due_exports(claimer=process_id(), now=now, stop=jobs.stop_requested)


def erase_accounts(now: datetime) -> int:
    return services.erase_due(claimer=process_id(), now=now, stop=jobs.stop_requested)


def delete_expired_exports(now: datetime) -> int:
    return services.delete_expired_exports(now=now)


def retention(now: datetime) -> int:
    return services.sweep_inactive(now=now) + services.erase_unverified(now=now)


JOBS = (
    Job("build-data-exports", build_exports, {"seconds": 60}, "Build the data exports learners asked for; notify them",
        release=services.release_exports),
    Job("erase-accounts", erase_accounts, {"seconds": 60}, "Erase the accounts whose erasure was asked for (once)",
        release=services.release_erasures),
    Job("delete-expired-exports", delete_expired_exports, {"hours": 1}, "Delete data exports past their download period"),
    Job("retention", retention, {"hours": 6},
        "Warn accounts idle for RETENTION_INACTIVE_DAYS, queue the erasure of those that did not come back, "
        "and of registrations never verified"),
)
