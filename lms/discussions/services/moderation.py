"""Moderation of discussions: reports, hiding and restoring posts, pinning and locking threads,
endorsing an answer, and the posting limit."""

from __future__ import annotations

from datetime import datetime


def check_posting_limit(author_id: int, *, now: datetime) -> None:
    """Raise a domain error when this person has posted too much too fast (posting calls it first)."""
