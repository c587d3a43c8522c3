"""The cohort's own records (announcements; built for issue #16)."""

from __future__ import annotations
