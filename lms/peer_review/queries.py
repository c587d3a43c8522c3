"""Peer review's read-only window onto the course tables (and the queue's lock)."""

from __future__ import annotations

from lms.core.db import lock_row
from lms.courses.models import Activity


def lock_queue(activity_id: int) -> None:
    """Serialise claims on one assignment until the transaction ends (a lock on its row)."""
    lock_row(Activity, activity_id)
