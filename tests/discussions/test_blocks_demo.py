"""`flask demo setup` fills the sample course's discussions through the posting service: the demo
learner answers the prompts of the modules they do (the introduction's completion counts it), the
tutor welcomes them, a share of the cohort answers and replies; a second setup posts nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.accounts.services import get_user_by_email
from lms.core.extensions import db
from lms.courses.models import Activity, Course, Module
from lms.discussions.models import Post, Thread
from tests.cli.test_demo_cli import demo_setup


def threads_in(course_slug: str, module_slug: str) -> list[Thread]:
    return list(db.session.scalars(select(Thread).join(Module, Module.id == Thread.module_id)
                                   .join(Course, Course.id == Module.course_id)
                                   .where(Course.slug == course_slug, Module.slug == module_slug).order_by(Thread.id)))


def test_the_demo_shows_real_discussions_in_the_sample_courses_and_a_second_setup_adds_none(runner, courses, app):
    demo_setup(runner)
    learner, tutor = get_user_by_email("learner@example.org"), get_user_by_email("tutor@example.org")

    introductions = threads_in("stem-careers", "introduction")
    mine = [t for t in introductions if t.author_id == learner.id]
    assert len(mine) == 1 and len(introductions) >= 8  # the demo learner's and the cohort's
    prompt = db.session.get(Activity, mine[0].prompt_id)
    assert prompt.slug == "introduce-yourself"
    replies_to_mine = db.session.scalars(select(Post.author_id).where(Post.thread_id == mine[0].id)).all()
    assert tutor.id in replies_to_mine  # the tutor's welcome
    assert db.session.scalar(select(func.count()).select_from(Post).where(
        Post.author_id == learner.id, Post.thread_id != mine[0].id)) >= 1  # a reply to a peer
    assert sum(t.reply_count for t in introductions) >= 3
    assert [t.author_id for t in threads_in("stem-careers", "stem-careers-job-market") if t.author_id == learner.id] \
        == [learner.id]  # the career story the module invites
    french = threads_in("stem-metiers", "introduction")
    assert any(t.author_id == learner.id for t in french)  # the French version's introduction, in French
    assert "Bonjour" in " ".join(db.session.scalars(select(Post.text).where(Post.thread_id.in_([t.id for t in french]))))

    posts = db.session.scalar(select(func.count()).select_from(Post))
    demo_setup(runner)
    assert db.session.scalar(select(func.count()).select_from(Post)) == posts
