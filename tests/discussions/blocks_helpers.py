"""Posting in a forum for the discussion-block tests.

Until the posting service lands, a post is written as rows, followed by what posting promises
after a learner's post in a module's forum: ``core.completion.record_work``."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlalchemy import select, update

from lms.core.completion import record_work
from lms.core.extensions import db
from lms.courses.models import Course, Module
from lms.discussions.models import Post, Thread
from lms.learning.models import Enrolment
from tests.factories import run_of


def enrolment_of(user, course_slug: str) -> Enrolment:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id,
                                                     Enrolment.run_id == run_of(course_slug).id))


def module_of(course_slug: str, module_slug: str) -> Module:
    return db.session.scalar(select(Module).join(Course, Course.id == Module.course_id)
                             .where(Course.slug == course_slug, Module.slug == module_slug))


def post_in_forum(user, course_slug: str, module_slug: str | None, *, now: datetime, text: str = "Our story.") -> Post:
    """A new thread by ``user`` in the module's forum (None: the course-wide one) of their run."""
    run = run_of(course_slug)
    module = module_of(course_slug, module_slug) if module_slug else None
    thread = Thread(run_id=run.id, module_id=module.id if module else None, author_id=user.id, title="A story",
                    created_at=now, last_post_at=now)
    db.session.add(thread)
    db.session.flush()
    post = Post(thread_id=thread.id, run_id=run.id, module_id=thread.module_id, author_id=user.id, token=str(uuid4()),
                text=text, html=f"<p>{text}</p>", created_at=now)
    db.session.add(post)
    db.session.flush()
    if module is not None:
        record_work(enrolment_of(user, course_slug), module, now=now)
    db.session.commit()
    return post


def remove(post: Post, *, now: datetime) -> None:
    """The author deletes the post (shown as removed)."""
    db.session.execute(update(Post).where(Post.id == post.id).values(deleted_at=now))
    db.session.commit()


def hide(post: Post, course_slug: str, *, now: datetime) -> None:
    """A tutor of the course hides the post."""
    db.session.execute(update(Post).where(Post.id == post.id).values(hidden_at=now))
    db.session.commit()


def recount(user, course_slug: str, module_slug: str, *, now: datetime) -> None:
    """Any later action in the module recounts the learner's work there."""
    record_work(enrolment_of(user, course_slug), module_of(course_slug, module_slug), now=now)
    db.session.commit()
