"""Telling learners about their runs: releases, the window closing, a quiet spell."""

from __future__ import annotations

from lms.core.jobs import Job, sweep
from lms.learning.services import announcements

JOBS = (
    Job("announce-releases", sweep(announcements.announce_releases), {"minutes": 1},
        "Tell learners that a module has opened"),
    Job("warn-window-closing", sweep(announcements.warn_window_closing), {"hours": 1},
        "Tell learners that the course window closes in 7 days"),
    Job("nudge-inactive", sweep(announcements.nudge_inactive), {"hours": 6},
        "Remind learners who have been away for 14 days"),
)
