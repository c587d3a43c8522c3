"""Helpful marks: a reader marks someone else's post helpful, once (unique post and reader), and
may take the mark back. The post's ``helpful_count`` moves by one UPDATE when, and only when, a
mark was really added or removed, so a double click or two tabs count once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update

from lms.core.db import insert_ignoring_duplicates
from lms.core.errors import ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.discussions.models import HelpfulMark, Post
from lms.discussions.services.moderation import writable_post


@dataclass(frozen=True)
class Helpful:
    changed: bool  # False: it already was as asked (a second click)
    marked: bool  # the reader's mark is there now
    count: int  # the post's helpful marks now
    thread_id: int


def mark_helpful(user, course_slug: str | None, post_id: int, *, helpful: bool, now: datetime) -> Helpful:
    """Mark the post helpful (``helpful``) or take the mark back. Not one's own post; for learners,
    only while the course window is open."""
    _, thread, post = writable_post(user, course_slug, post_id, now=now)
    if post.author_id == user.id:
        raise ValidationError("helpful", gettext("This is your own post: others can mark it helpful."))
    if helpful:
        changed = db.session.execute(
            insert_ignoring_duplicates(HelpfulMark, conflict_columns=["post_id", "user_id"])
            .values(post_id=post.id, user_id=user.id, created_at=now).returning(HelpfulMark.id)).scalar_one_or_none()
        step = 1
    else:
        changed = db.session.execute(delete(HelpfulMark).where(HelpfulMark.post_id == post.id, HelpfulMark.user_id == user.id)
                                     .returning(HelpfulMark.id)).scalar_one_or_none()
        step = -1
    if changed is None:
        return Helpful(False, helpful, post.helpful_count, thread.id)
    count = db.session.execute(update(Post).where(Post.id == post.id).values(helpful_count=Post.helpful_count + step)
                               .returning(Post.helpful_count)).scalar_one()
    return Helpful(True, helpful, count, thread.id)
