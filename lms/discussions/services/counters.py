"""A thread's counters, kept on its row for the lists: its visible replies, its newest visible post
(unread markers compare with it) and when that was, and whether it is hidden (its first post's
state). Posting recounts after a post is added or removed, moderation after hiding or restoring;
both import this module, which imports neither."""

from __future__ import annotations

from sqlalchemy import and_, func, select, update

from lms.core.extensions import db
from lms.discussions.models import Post, Thread


def refresh_thread(thread_id: int) -> None:
    """Recount the thread's visible replies and its newest visible post after a post is added,
    deleted, hidden or restored (one UPDATE). Visible: neither removed by its author nor hidden by
    a tutor; the first post is not a reply. The thread's ``hidden_at`` follows its first post's,
    so hiding or restoring the first post hides or shows the thread in learners' lists."""
    first = select(func.min(Post.id)).where(Post.thread_id == thread_id).scalar_subquery()
    visible = and_(Post.thread_id == thread_id, Post.deleted_at.is_(None), Post.hidden_at.is_(None))
    newest = select(func.max(Post.id)).where(visible).scalar_subquery()
    db.session.execute(
        update(Thread).where(Thread.id == thread_id).values(
            reply_count=select(func.count()).select_from(Post).where(visible, Post.id != first).scalar_subquery(),
            last_post_id=newest,
            last_post_at=func.coalesce(select(Post.created_at).where(Post.id == newest).scalar_subquery(), Thread.created_at),
            hidden_at=select(Post.hidden_at).where(Post.id == first).scalar_subquery(),
        ).execution_options(synchronize_session=False))
