"""The scheduled jobs of programmes: completing programmes whose last requirement was met where no
hook saw it (and issuing a badge or certificate that could not be issued then). Safe to run twice."""

from __future__ import annotations

from lms.core.jobs import Job, sweep
from lms.programmes import services

JOBS = (
    Job("check-programme-completions", sweep(services.check_programme_completions), {"minutes": 30},
        "Complete programmes whose requirements are met; issue missing programme badges and certificates"),
)
