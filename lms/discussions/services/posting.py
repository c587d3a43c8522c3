"""Writing in discussions: a new thread, a reply (quoting), an edit with its history, deletion."""

from __future__ import annotations


def refresh_thread(thread_id: int) -> None:
    """Recount the thread's visible replies and its newest visible post after a post is added,
    deleted, hidden or restored (one UPDATE)."""
