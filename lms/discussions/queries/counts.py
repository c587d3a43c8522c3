"""Counts of discussion work that other features decide things by (read-only)."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.discussions.models import Post


def visible_posts(run_id: int, author_id: int, module_id: int) -> int:
    """The author's posts in a module's forum of the run that readers still see: neither deleted
    by the author nor hidden by a tutor (threads they opened count: a first post is a post).
    Found through the (run, author) index."""
    return db.session.scalar(
        select(func.count()).select_from(Post).where(
            Post.run_id == run_id, Post.author_id == author_id, Post.module_id == module_id,
            Post.deleted_at.is_(None), Post.hidden_at.is_(None))
    ) or 0
