"""bench/generate's discussions, built into the test's database (SQLite, or PostgreSQL in the
suite's second run) for a cohort of size S: about two posts per learner in the course-wide
forum and the modules' ones, with one thread far longer than the others, and every figure a
page shows from the thread rows (replies, last post, helpful counts) true of the posts, and every
learner who completed the introduction (whose rule asks for a post) has posted in its forum; the
search finds the posts, as it finds those people write (the index is filled on insert)."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from bench.generate import add_discussions, add_people, add_work, make_plan
from lms.core.extensions import db
from lms.courses.models import Module
from lms.discussions.models import Follow, HelpfulMark, Post, ReadMark, Thread
from lms.learning.models import ModuleProgress
from tests.conftest import NOW, ROOT
from tests.factories import log_in

LEARNERS = 100
PASSWORD = "bench-password-2017"  # bench/cohort.py's


def generate():
    plan = make_plan(ROOT, NOW)
    learners = add_people(plan, LEARNERS)
    rng = random.Random(2017)
    add_work(plan, rng, learners)
    add_discussions(plan, rng, learners, NOW)
    return plan, learners


def test_the_runs_discussions_are_filled_in_proportion_and_agree_with_their_posts(app, real_catalog):
    plan, _ = generate()

    assert db.session.scalar(select(func.count()).select_from(Post)) == 2 * LEARNERS
    forums = set(db.session.scalars(select(Thread.module_id).where(Thread.run_id == plan.run.id).distinct()))
    assert None in forums and len(forums) > 4  # the course-wide forum and most modules' forums
    replies = sorted(db.session.scalars(select(Thread.reply_count)), reverse=True)
    assert replies[0] >= 30 and replies[0] > 5 * replies[len(replies) // 2]  # one big thread, a long tail

    posts = select(func.count(Post.id) - 1, func.max(Post.id), func.max(Post.created_at)).where(Post.thread_id == Thread.id)
    for thread in db.session.scalars(select(Thread)):
        assert (thread.reply_count, thread.last_post_id, thread.last_post_at) == tuple(db.session.execute(
            posts.where(Thread.id == thread.id)).one()), thread.id
    wrong_place = select(func.count()).select_from(Post).join(Thread, Thread.id == Post.thread_id).where(
        (Post.run_id != Thread.run_id) | (func.coalesce(Post.module_id, 0) != func.coalesce(Thread.module_id, 0)))
    assert db.session.scalar(wrong_place) == 0
    marks = select(func.count(HelpfulMark.id)).where(HelpfulMark.post_id == Post.id).scalar_subquery()
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.helpful_count != marks)) == 0
    assert db.session.scalar(select(func.count()).select_from(HelpfulMark)) > 0
    not_following = select(func.count()).select_from(Post).where(
        ~select(Follow.id).where(Follow.thread_id == Post.thread_id, Follow.user_id == Post.author_id).exists())
    assert db.session.scalar(not_following) == 0  # every poster follows the thread
    assert db.session.scalar(select(func.count()).select_from(ReadMark)) > 2 * LEARNERS
    assert "<p>" in db.session.scalar(select(Post.html).limit(1))  # the Markdown rendered

    # The introduction is completed by posting in its forum: whoever completed it has posted there.
    introduction = select(ModuleProgress).join(Module, Module.id == ModuleProgress.module_id).where(
        Module.slug == "introduction", Module.course_id == plan.course.id, ModuleProgress.completed_at.is_not(None))
    completed = list(db.session.scalars(introduction))
    assert len(completed) > LEARNERS // 2 and all(row.discussion_posts >= 1 for row in completed)


def test_a_learner_searching_the_generated_discussions_finds_posts(app, real_catalog, client):
    _, learners = generate()
    db.session.commit()
    log_in(client, learners[0].email, PASSWORD)

    page = client.get("/courses/stem-careers/discussions/search?q=apprenticeship&run=bench")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<mark>apprenticeship</mark>" in html.lower() or "<mark>apprenticeship" in html.lower(), html[-2000:]
