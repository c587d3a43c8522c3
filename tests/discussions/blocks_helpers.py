"""Posting in a forum for the discussion-block tests, through the discussions' own services:
posting (which calls ``core.completion.record_work`` after a learner's post in a module's forum),
the author's deletion and a tutor's hiding."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from lms.core.completion import record_work
from lms.core.extensions import db
from lms.courses.models import Course, Module
from lms.discussions.models import Post
from lms.discussions.services import posting
from lms.discussions.services.moderation import hide_post
from lms.learning.models import Enrolment
from tests.discussions.builders import start_thread
from tests.factories import make_course_tutor, run_of


def enrolment_of(user, course_slug: str) -> Enrolment:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id,
                                                     Enrolment.run_id == run_of(course_slug).id))


def module_of(course_slug: str, module_slug: str) -> Module:
    return db.session.scalar(select(Module).join(Course, Course.id == Module.course_id)
                             .where(Course.slug == course_slug, Module.slug == module_slug))


def post_in_forum(user, course_slug: str, module_slug: str | None, *, now: datetime, text: str = "Our story.") -> Post:
    """A new thread by ``user`` in the module's forum (None: the course-wide one) of their run."""
    return start_thread(user, title="A story", text=text, forum=module_slug or "general", course_slug=course_slug,
                        now=now).post


def remove(user, post: Post, *, now: datetime) -> None:
    """The author deletes the post (shown as removed)."""
    posting.delete_post(user, post.id, now)
    db.session.commit()


def hide(post: Post, course_slug: str, *, now: datetime) -> None:
    """A tutor of the course hides the post, with a reason."""
    tutor = make_course_tutor(course_slug, now=now)
    hide_post(tutor, course_slug, post.id, reason="Off topic.", now=now)
    db.session.commit()


def recount(user, course_slug: str, module_slug: str, *, now: datetime) -> None:
    """Any later action in the module recounts the learner's work there."""
    record_work(enrolment_of(user, course_slug), module_of(course_slug, module_slug), now=now)
    db.session.commit()
