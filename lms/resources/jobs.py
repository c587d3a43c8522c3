"""The scheduled jobs of resources."""

from __future__ import annotations

JOBS = ()
