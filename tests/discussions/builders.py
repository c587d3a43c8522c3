"""Builders for discussion tests: threads and replies through the posting services (as a person
writes them), many rows at once straight into the tables (for pagination and budgets), and a
second run of a course (for its learners, who must not read the first run's discussions).

Others may add builders at the end of this file."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update

from lms.core.extensions import db
from lms.courses.models import Course, Module, Run
from lms.courses.services.runs import ensure_run
from lms.discussions.models import Post, Thread
from lms.discussions.services import posting
from tests.conftest import NOW

COURSE = "stem-careers"


def token() -> str:
    return uuid.uuid4().hex


def module_of(slug: str, course_slug: str = COURSE) -> Module:
    return db.session.scalar(select(Module).join(Course, Course.id == Module.course_id)
                             .where(Course.slug == course_slug, Module.slug == slug))


def start_thread(user, *, title: str = "How do you invite employers?", text: str = "We invite parents who work in STEM.",
                 forum: str = "general", course_slug: str = COURSE, now: datetime = NOW, run_slug: str | None = None,
                 prompt_slug: str | None = None) -> posting.Posted:
    """A thread opened by ``user`` through the posting service, committed."""
    posted = posting.start_thread(user, course_slug, forum, title=title, text=text, token=token(), prompt_slug=prompt_slug,
                                  run_slug=run_slug, now=now)
    db.session.commit()
    return posted


def reply(user, thread_id: int, text: str = "Thank you, we will try it.", *, now: datetime = NOW,
          quoted_post_id: int | None = None) -> posting.Posted:
    posted = posting.reply(user, thread_id, text=text, token=token(), quoted_post_id=quoted_post_id, now=now)
    db.session.commit()
    return posted


def many_threads(run_id: int, author_id: int, count: int, *, module_id: int | None = None, start: int = 0,
                 now: datetime = NOW) -> None:
    """``count`` threads (each with its first post) in one forum, numbered from ``start``: thread n's
    newest activity is n minutes after ``now``, so the newest is the highest number. Two statements
    a kind, whatever ``count``."""
    first = (db.session.scalar(select(func.max(Thread.id))) or 0) + 1
    threads = [{"id": first + n, "run_id": run_id, "module_id": module_id, "author_id": author_id,
                "title": f"Thread {start + n:05d}", "created_at": now + timedelta(minutes=start + n),
                "last_post_at": now + timedelta(minutes=start + n), "reply_count": 0} for n in range(count)]
    db.session.execute(insert(Thread), threads)
    posts = [{"thread_id": row["id"], "run_id": run_id, "module_id": module_id, "author_id": author_id, "token": token(),
              "text": f"Opening post of {row['title']}", "html": f"<p>Opening post of {row['title']}</p>",
              "created_at": row["created_at"]} for row in threads]
    db.session.execute(insert(Post), posts)
    _newest_posts(first, first + count)
    db.session.commit()


def many_replies(thread_id: int, author_ids: list[int], count: int, *, start: int = 0, now: datetime = NOW) -> None:
    """``count`` replies to the thread, numbered from ``start``, by ``author_ids`` in turn, a minute apart."""
    thread = db.session.get(Thread, thread_id)
    rows = [{"thread_id": thread_id, "run_id": thread.run_id, "module_id": thread.module_id,
             "author_id": author_ids[n % len(author_ids)], "token": token(), "text": f"Reply {start + n:05d}",
             "html": f"<p>Reply {start + n:05d}</p>", "created_at": now + timedelta(minutes=1 + start + n)} for n in range(count)]
    db.session.execute(insert(Post), rows)
    posting.refresh_thread(thread_id)
    db.session.commit()
    db.session.expire_all()


def _newest_posts(first_thread: int, end_thread: int) -> None:
    """Each new thread's last_post_id: its one post (one UPDATE)."""
    newest = select(func.max(Post.id)).where(Post.thread_id == Thread.id).scalar_subquery()
    db.session.execute(update(Thread).where(Thread.id >= first_thread, Thread.id < end_thread).values(last_post_id=newest)
                       .execution_options(synchronize_session=False))


def second_run(course_slug: str = COURSE, slug: str = "spring-2018") -> Run:
    """Another run of the course, later than the first."""
    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    run = ensure_run(course, slug=slug, title="Spring 2018", timezone="Europe/Brussels",
                     starts_at=datetime(2018, 3, 1, 8, tzinfo=NOW.tzinfo), ends_at=datetime(2018, 5, 1, 8, tzinfo=NOW.tzinfo))
    db.session.commit()
    return run
