"""Read-only SQL for reading discussions: a run's forums with their figures, a forum's thread list
(keyset pages, pinned first then newest activity), a thread's posts (keyset pages by id) with what
the page's parts need, and the few single reads posting makes.

Nothing here binds a parameter per thread or per post: what the reader marked helpful, reported or
follows, and how far they have read, come as correlated EXISTS and scalar subqueries."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import ColumnElement, Row, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.models import Activity
from lms.discussions.models import Follow, HelpfulMark, Post, PostReport, PostRevision, ReadMark, Thread

PINNED_SHOWN = 50  # pinned threads on top of a forum's first page: a handful in practice, never unbounded
# "Pinned" as a range on the list index's pinned_at (IS NOT NULL is no range to SQLite's planner,
# which then walked every thread of the run to find the few pinned ones).
EVER = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _forum(run_id: int, module_id: int | None, moderates: bool) -> list[ColumnElement[bool]]:
    """A forum's threads as this reader sees them (learners do not see threads a tutor hid)."""
    where = [Thread.run_id == run_id, Thread.module_id.is_(None) if module_id is None else Thread.module_id == module_id]
    return where if moderates else [*where, Thread.hidden_at.is_(None)]


def forum_figures(run_id: int, user_id: int, moderates: bool) -> list[Row]:
    """Per forum of the run (module id, None for the course-wide one): threads, posts, the newest
    activity and the threads with posts this reader has not read. One statement."""
    unread = func.count(case((Thread.last_post_id > func.coalesce(ReadMark.last_read_post_id, 0), 1)))
    query = (select(Thread.module_id, func.count().label("threads"), func.coalesce(func.sum(Thread.reply_count), 0).label("replies"),
                    func.max(Thread.last_post_at).label("newest"), unread.label("unread"))
             .outerjoin(ReadMark, (ReadMark.thread_id == Thread.id) & (ReadMark.user_id == user_id))
             .where(Thread.run_id == run_id).group_by(Thread.module_id))
    if not moderates:
        query = query.where(Thread.hidden_at.is_(None))
    return list(db.session.execute(query))


def _cursor_values(cursor_id: int | None):
    at = select(Thread.last_post_at).where(Thread.id == cursor_id).scalar_subquery()
    return at, literal(cursor_id or 0)


def _older(cursor_id: int) -> ColumnElement[bool]:
    """Unpinned threads after the cursor thread in the list: older activity, or the same and a lower id."""
    at, row_id = _cursor_values(cursor_id)
    return and_(Thread.last_post_at <= at, or_(Thread.last_post_at < at, Thread.id < row_id))


def _newer(cursor_id: int) -> ColumnElement[bool]:
    at, row_id = _cursor_values(cursor_id)
    return and_(Thread.last_post_at >= at, or_(Thread.last_post_at > at, Thread.id > row_id))


def thread_counts(run_id: int, module_id: int | None, moderates: bool, cursor_id: int | None) -> Row:
    """(threads, pinned ones, unpinned ones before the cursor thread, is the cursor an unpinned
    thread of this forum): one statement."""
    where = _forum(run_id, module_id, moderates)
    unpinned = Thread.pinned_at.is_(None)
    known = select(Thread.id).where(Thread.id == (cursor_id or 0), unpinned, *where).exists()
    before = func.count(case((and_(unpinned, _newer(cursor_id)), 1))) if cursor_id else literal(0)
    return db.session.execute(
        select(func.count(), func.count(Thread.pinned_at), before, known.label("known")).where(*where)).one()


def _listed(user_id: int, part: int, *where: ColumnElement[bool], order: list, limit: int):
    """One part of a forum's page (0: the pinned threads, 1: the others) with authors and unread markers."""
    read = func.coalesce(ReadMark.last_read_post_id, 0)
    return (select(literal(part).label("part"), Thread.id, Thread.title, Thread.author_id, Thread.created_at, Thread.last_post_at,
                   Thread.reply_count, Thread.pinned_at, Thread.locked_at, Thread.endorsed_post_id, Thread.hidden_at,
                   (func.coalesce(Thread.last_post_id, 0) > read).label("unread"),
                   User.name.label("author_name"), User.professional_role.label("author_role"), User.country.label("author_country"))
            .join(User, User.id == Thread.author_id)
            .outerjoin(ReadMark, (ReadMark.thread_id == Thread.id) & (ReadMark.user_id == user_id))
            .where(*where).order_by(*order).limit(limit).subquery())


def thread_page(run_id: int, module_id: int | None, user_id: int, moderates: bool, *, after: int | None, before: int | None,
                size: int) -> list[Row]:
    """A page of the forum's list: on the first page the pinned threads (the latest pinned first),
    then ``size`` others, newest activity first; after (older) or before (newer) a cursor thread. One statement whose
    parts each walk the (run, module, pinned_at, last_post_at, id) index."""
    where = _forum(run_id, module_id, moderates)
    parts = []
    if after is None and before is None:
        parts.append(_listed(user_id, 0, *where, Thread.pinned_at >= EVER,
                             order=[Thread.pinned_at.desc(), Thread.id.desc()], limit=PINNED_SHOWN))
    unpinned = [*where, Thread.pinned_at.is_(None)]
    if before is not None:
        parts.append(_listed(user_id, 1, *unpinned, _newer(before), order=[Thread.last_post_at, Thread.id], limit=size))
    else:
        parts.append(_listed(user_id, 1, *unpinned, *([_older(after)] if after is not None else []),
                             order=[Thread.last_post_at.desc(), Thread.id.desc()], limit=size))
    rows = union_all(*(select(part) for part in parts)).subquery()
    return list(db.session.execute(select(rows).order_by(rows.c.part, rows.c.pinned_at.desc(), rows.c.last_post_at.desc(),
                                                         rows.c.id.desc())))


def _in_thread(thread_id: int, after: int | None, before: int | None) -> list[ColumnElement[bool]]:
    where = [Post.thread_id == thread_id]
    if after is not None:
        where.append(Post.id > after)
    elif before is not None:
        where.append(Post.id < before)
    return where


def _place(thread_id: int, user_id: int, after: int | None, before: int | None) -> list:
    """The page's place and the reader's marks, as scalar subqueries computed once per statement."""
    count = select(func.count()).select_from(Post).where(Post.thread_id == thread_id)
    edge = after + 1 if after is not None else before
    return [
        count.scalar_subquery().label("total"),
        (count.where(Post.id < edge).scalar_subquery() if edge is not None else literal(0)).label("before_cursor"),
        func.coalesce(select(ReadMark.last_read_post_id).where(ReadMark.thread_id == thread_id, ReadMark.user_id == user_id)
                      .scalar_subquery(), -1).label("read_up_to"),
        select(Follow.id).where(Follow.thread_id == thread_id, Follow.user_id == user_id).exists().label("following"),
    ]


def post_page(thread_id: int, user_id: int, *, after: int | None, before: int | None, size: int) -> list[Row]:
    """A page of the thread's posts in order (by id) with their authors, the author of the post
    each quotes, whether this reader marked each helpful or reported it, and (on every row, computed
    once) the thread's post count, the posts before the page, the reader's read mark (-1: none)
    and whether they follow the thread. One statement."""
    quoted, quoted_author = aliased(Post), aliased(User)
    mine_helpful = select(HelpfulMark.id).where(HelpfulMark.post_id == Post.id, HelpfulMark.user_id == user_id).exists()
    reported = select(PostReport.id).where(PostReport.post_id == Post.id, PostReport.reporter_id == user_id).exists()
    query = (select(Post, User.name, User.professional_role, User.country, quoted_author.name.label("quoted_name"),
                    mine_helpful.label("mine_helpful"), reported.label("reported"), *_place(thread_id, user_id, after, before))
             .join(User, User.id == Post.author_id)
             .outerjoin(quoted, quoted.id == Post.quoted_post_id).outerjoin(quoted_author, quoted_author.id == quoted.author_id)
             .where(*_in_thread(thread_id, after, before))
             .order_by(Post.id.desc() if before is not None and after is None else Post.id).limit(size))
    rows = list(db.session.execute(query))
    return rows[::-1] if before is not None and after is None else rows


def thread_place(thread_id: int, user_id: int, *, after: int | None, before: int | None) -> Row:
    """The same place and marks as ``post_page`` gives on its rows, for a page with no post on it."""
    return db.session.execute(select(*_place(thread_id, user_id, after, before))).one()


def first_post_id(thread_id: int) -> int | None:
    return db.session.scalar(select(func.min(Post.id)).where(Post.thread_id == thread_id))


def quotable(thread_id: int, post_id: int) -> Row | None:
    """(post, its author's name) if the post is in the thread."""
    return db.session.execute(select(Post, User.name).join(User, User.id == Post.author_id)
                              .where(Post.id == post_id, Post.thread_id == thread_id)).first()


def post_by_token(author_id: int, token: str) -> Post | None:
    """What this form (its token) already posted: a double click, a reload."""
    return db.session.scalar(select(Post).where(Post.author_id == author_id, Post.token == token))


def prompt(module_id: int, slug: str) -> Activity | None:
    """A live ```discussion block of the module."""
    return db.session.scalar(select(Activity).where(Activity.module_id == module_id, Activity.slug == slug,
                                                    Activity.kind == "discussion", Activity.archived_at.is_(None)))


def revisions(post_id: int) -> list[PostRevision]:
    """A post's earlier versions, the newest first."""
    return list(db.session.scalars(select(PostRevision).where(PostRevision.post_id == post_id)
                                   .order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc())))


def author_name(user_id: int) -> str:
    return db.session.scalar(select(User.name).where(User.id == user_id)) or ""


def newest_read(user_id: int, thread_id: int) -> int | None:
    return db.session.scalar(select(ReadMark.last_read_post_id).where(ReadMark.user_id == user_id, ReadMark.thread_id == thread_id))
