"""The only module that reads the clock. Everything else takes ``now``, or measures a
duration with ``monotonic()``."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from flask import current_app, has_app_context


def now() -> datetime:
    """The current instant in UTC, or the configured FIXED_NOW (demos, tests)."""
    if has_app_context():
        fixed = current_app.config.get("FIXED_NOW")
        if fixed:
            value = fixed if isinstance(fixed, datetime) else datetime.fromisoformat(fixed)
            return value.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def real_now() -> datetime:
    """The wall clock even when FIXED_NOW is set: for operational timing (scheduler
    leases), never for anything a learner sees."""
    return datetime.now(timezone.utc)


def monotonic() -> float:
    """Seconds on a clock that never goes back (wall-clock changes do not move it): for
    deadlines and waits inside one process, never for a date."""
    return time.monotonic()
