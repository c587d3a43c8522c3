"""The scheduled jobs of programmes."""

from __future__ import annotations

JOBS = ()
