"""Threads and posts written straight into the tables (SQL INSERT and UPDATE, no service), for the
search tests: the database's own triggers and indexes must find rows however they are written."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import uuid4

from sqlalchemy import insert, select, update

from lms.core.extensions import db
from lms.courses.models import Module
from lms.discussions.models import Post, Thread
from tests.conftest import NOW

SEARCH = "/courses/{course}/discussions/search"
MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def module_id(course_slug_module: str) -> int:
    return db.session.scalar(select(Module.id).where(Module.slug == course_slug_module))


def add_thread(run_id: int, author, title: str, text: str, *, module: str | None = None, now: datetime = NOW,
               language: str | None = "en") -> tuple[int, int]:
    """(thread id, first post id): a thread opened in the run's course-wide forum or a module's."""
    module_key = module_id(module) if module else None
    thread_id = db.session.execute(insert(Thread.__table__).values(
        run_id=run_id, module_id=module_key, author_id=author.id, title=title, created_at=now, last_post_at=now,
        reply_count=0).returning(Thread.__table__.c.id)).scalar_one()
    post_id = add_post(thread_id, author, text, now=now, language=language)
    return thread_id, post_id


def add_post(thread_id: int, author, text: str, *, now: datetime = NOW, language: str | None = "en") -> int:
    thread = db.session.execute(select(Thread.__table__.c.run_id, Thread.__table__.c.module_id).where(
        Thread.__table__.c.id == thread_id)).one()
    post_id = db.session.execute(insert(Post.__table__).values(
        thread_id=thread_id, run_id=thread.run_id, module_id=thread.module_id, author_id=author.id, token=str(uuid4()),
        text=text, html=f"<p>{text}</p>", language=language, created_at=now, helpful_count=0,
    ).returning(Post.__table__.c.id)).scalar_one()
    db.session.commit()
    return post_id


def change_post(post_id: int, **values) -> None:
    db.session.execute(update(Post.__table__).where(Post.__table__.c.id == post_id).values(**values))
    db.session.commit()


def change_thread(thread_id: int, **values) -> None:
    db.session.execute(update(Thread.__table__).where(Thread.__table__.c.id == thread_id).values(**values))
    db.session.commit()


def result_ids(html: str) -> list[int]:
    """The posts a results page links to, in its order."""
    return [int(found) for found in re.findall(r'href="[^"]*#post-(\d+)"', html)]
