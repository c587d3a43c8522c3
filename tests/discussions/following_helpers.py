"""Threads and replies for the following and digest tests: rows written as posting writes them,
then ``following.after_post`` as posting calls it (same transaction), so that these tests hold
the seam itself."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import select

from lms.core.extensions import db
from lms.discussions.models import Follow, Post, Thread
from lms.discussions.services.following import after_post
from lms.notifications.models import Notification
from tests.factories import run_of


def open_thread(author, course_slug: str = "stem-careers", *, now: datetime, title: str = "Where do careers start?",
                text: str = "Tell us where your pupils first hear of STEM careers.") -> Thread:
    """A thread in the course-wide forum of the course's first run, with its first post, committed."""
    run = run_of(course_slug)
    thread = Thread(run_id=run.id, module_id=None, author_id=author.id, title=title, created_at=now, last_post_at=now)
    db.session.add(thread)
    db.session.flush()
    _post(thread, author, text, now=now)
    db.session.commit()
    return thread


def reply(thread: Thread, author, text: str = "In the school library, with a careers fair.", *, now: datetime,
          html: str | None = None, language: str | None = "en") -> Post:
    """A reply by ``author``, committed."""
    post = _post(thread, author, text, now=now, html=html, language=language)
    db.session.commit()
    return post


def post_row(thread: Thread, author, text: str, *, now: datetime, html: str | None = None,
             language: str | None = "en") -> Post:
    """The post's row alone, flushed (``after_post`` not called yet)."""
    post = Post(thread_id=thread.id, run_id=thread.run_id, module_id=thread.module_id, author_id=author.id,
                token=str(uuid4()), text=text, html=html or f"<p>{text}</p>", language=language, created_at=now)
    db.session.add(post)
    db.session.flush()
    thread.last_post_id, thread.last_post_at = post.id, now
    db.session.flush()
    return post


def _post(thread: Thread, author, text: str, *, now: datetime, html: str | None = None, language: str | None = "en") -> Post:
    post = post_row(thread, author, text, now=now, html=html, language=language)
    after_post(thread, post, now=now)
    return post


def followers(thread: Thread) -> list[int]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(Follow.user_id).where(Follow.thread_id == thread.id)))


def told(kind: str = "discussion_reply") -> list[tuple[int, str, str]]:
    """The ledger's rows of ``kind``: (user id, key, e-mail status), in order."""
    db.session.expire_all()
    return [tuple(row) for row in db.session.execute(
        select(Notification.user_id, Notification.key, Notification.email_status)
        .where(Notification.kind == kind).order_by(Notification.id))]


def ledger(kind: str) -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind).order_by(Notification.id)))


def choose(user, discussion_email: str) -> None:
    """The person's choice of discussion e-mails (each, daily, off), saved."""
    user.discussion_email = discussion_email
    db.session.commit()
