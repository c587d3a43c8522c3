"""Catching up on awards a completion should have earned."""

from __future__ import annotations

from lms.awards import credentials
from lms.awards import services as awards
from lms.core.jobs import Job, sweep

JOBS = (
    Job("award-missing-badges", sweep(awards.award_missing), {"hours": 1},
        "Award badges and certificates for completions that lack them"),
    Job("sign-missing-credentials", sweep(credentials.sign_missing), {"minutes": 10},
        "Sign the Open Badges 3.0 credential of awards that lack one"),
)
