"""Threads and posts written as rows for the moderation tests (helpful marks, reports, tutors'
tools, the posting limit, the moderation queue), so that they depend on nothing but the models."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.core.moderation import ModerationAction
from lms.discussions.models import Post, Thread
from lms.notifications.models import Notification
from tests.factories import run_of


def thread_with_posts(course_slug: str, author, *repliers, now: datetime, title: str = "Where do careers start?",
                      text: str = "Tell us where your pupils first hear of STEM careers.") -> tuple[Thread, list[Post]]:
    """A thread in the course-wide forum of the course's first run, opened by ``author``, with one
    reply by each of ``repliers`` (in order)."""
    run = run_of(course_slug)
    thread = Thread(run_id=run.id, module_id=None, author_id=author.id, title=title, created_at=now, last_post_at=now)
    db.session.add(thread)
    db.session.flush()
    posts = [write_post(thread, author, text, now=now)]
    for number, replier in enumerate(repliers, 1):
        posts.append(write_post(thread, replier, f"Reply number {number}: in the school library.", now=now))
    thread.reply_count, thread.last_post_id = len(repliers), posts[-1].id
    db.session.commit()
    return thread, posts


def write_post(thread: Thread, author, text: str, *, now: datetime) -> Post:
    post = Post(thread_id=thread.id, run_id=thread.run_id, module_id=thread.module_id, author_id=author.id,
                token=str(uuid4()), text=text, html=f"<p>{text}</p>", language="en", created_at=now)
    db.session.add(post)
    db.session.flush()
    return post


def fresh(model, row_id: int):
    """The row as the database has it now (not the session's copy)."""
    db.session.expire_all()
    return db.session.get(model, row_id)


def audit_rows(run_id: int | None = None) -> list[tuple[str, str, int, str]]:
    """The moderation audit: (action, target kind, target id, reason), in order."""
    query = select(ModerationAction.action, ModerationAction.target_kind, ModerationAction.target_id, ModerationAction.reason)
    if run_id is not None:
        query = query.where(ModerationAction.run_id == run_id)
    return [tuple(row) for row in db.session.execute(query.order_by(ModerationAction.id))]


def notifications_of(user_id: int, kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)))


def count_of(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))
