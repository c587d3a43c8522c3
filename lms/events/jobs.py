"""The scheduled jobs of events."""

from __future__ import annotations

JOBS = ()
