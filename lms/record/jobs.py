"""The scheduled jobs of record."""

from __future__ import annotations

JOBS = ()
