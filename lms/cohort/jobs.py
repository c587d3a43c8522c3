"""The cohort's scheduled jobs (announcements due; built for issue #16)."""

from __future__ import annotations

JOBS: tuple = ()
