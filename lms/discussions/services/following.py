"""Following threads: who follows, and telling them of new replies through the notification ledger."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lms.discussions.models import Post, Thread


def after_post(thread: Thread, post: Post, *, now: datetime) -> None:
    """Called by posting once a thread or reply is stored (same transaction): the author follows
    the thread, and its other followers are told of a reply."""
