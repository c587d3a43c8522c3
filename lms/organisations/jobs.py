"""The scheduled jobs of organisations."""

from __future__ import annotations

JOBS = ()
