"""Read-only SQL for moderation: the posting limit's counts (from the posts themselves, through
``ix_discussion_posts_author``, so every worker counts the same rows) and what a decision needs
to know about a post."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, case, func, or_, select

from lms.accounts.models import User
from lms.core.access import teaches_any_course
from lms.core.extensions import db
from lms.discussions.models import Post


def posts_since(author_id: int, *, day_start: datetime, recent_start: datetime) -> Row:
    """(posts since ``recent_start``, posts since ``day_start``, exempt: an admin or a tutor), one
    statement reading the author's posts of the day through the (author, created_at) index."""
    exempt = or_(teaches_any_course(User.id), User.is_admin)
    counts = (select(func.count(case((Post.created_at > recent_start, 1))).label("recent"), func.count().label("day"))
              .where(Post.author_id == author_id, Post.created_at > day_start).subquery())
    return db.session.execute(
        select(counts.c.recent, counts.c.day, select(exempt).where(User.id == author_id).scalar_subquery().label("exempt"))
    ).one()


def nth_newest_since(author_id: int, since: datetime, n: int) -> datetime | None:
    """When the author wrote their ``n``-th newest post since ``since`` (the one whose leaving the
    window lets them post again)."""
    return db.session.scalar(select(Post.created_at).where(Post.author_id == author_id, Post.created_at > since)
                             .order_by(Post.created_at.desc()).offset(n - 1).limit(1))


def first_post_id(thread_id: int) -> int | None:
    return db.session.scalar(select(func.min(Post.id)).where(Post.thread_id == thread_id))
