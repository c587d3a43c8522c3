"""Reading discussions: a run's forums (the course-wide one, then one per module open for the
reader) with their figures, a forum's threads (pinned first, then newest activity, keyset pages),
a thread's posts (keyset pages by id) with everything its parts show, and the reader's unread
markers, recorded as they read.

Each page costs a fixed number of statements whatever the forum's size: the reader's context
(``access``, one), the run's overrides for a learner's module opening times (one, when it matters),
then one or two for the page itself (``queries.threads``), and on a thread page one upsert of the
read mark when it moved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import Row
from sqlalchemy.dialects import postgresql, sqlite

from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.keyset import PAGE_SIZE, TOP, Cursor, Page, make_page
from lms.discussions.models import ReadMark
from lms.discussions.queries import threads as queries
from lms.discussions.services.access import Forum, locked_module, open_forum, readable_modules, same_course, thread_forum

if TYPE_CHECKING:
    from lms.courses.models import Activity, Module
    from lms.discussions.models import Post, Thread

GENERAL = "general"  # the course-wide forum's name in addresses; a module's forum goes by the module's slug
POSTS_PER_PAGE = PAGE_SIZE
THREADS_PER_PAGE = PAGE_SIZE
DEFAULT_EDIT_MINUTES = 30
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


def edit_window() -> timedelta:
    """How long after writing a post its author may still change it (LMS_DISCUSSION_EDIT_MINUTES)."""
    minutes = current_app.config.get("DISCUSSION_EDIT_MINUTES", DEFAULT_EDIT_MINUTES)
    try:
        return timedelta(minutes=max(0, int(minutes)))
    except (TypeError, ValueError):
        return timedelta(minutes=DEFAULT_EDIT_MINUTES)


def plain_slug(value: str | None) -> str | None:
    """A slug from the query string, or None for anything no slug looks like (ignored, never an error)."""
    return value if value and _SLUG.fullmatch(value) else None


@dataclass(frozen=True)
class Board:
    """One forum of a run: the course-wide one (``module`` None) or a module's."""

    slug: str
    module: Module | None = None

    @property
    def module_id(self) -> int | None:
        return self.module.id if self.module is not None else None


@dataclass(frozen=True)
class Author:
    """How a post's or thread's author is shown: their name and, if they chose, their work and country."""

    id: int
    name: str
    professional_role: str | None
    country: str | None


@dataclass(frozen=True)
class BoardSummary:
    board: Board
    threads: int = 0
    posts: int = 0
    newest: datetime | None = None
    unread: int = 0  # threads with posts this reader has not read


@dataclass(frozen=True)
class ForumIndex:
    forum: Forum
    boards: list[BoardSummary]
    not_open_yet: int = 0  # modules whose forum opens with them later (for a learner)


@dataclass(frozen=True)
class ThreadRow:
    id: int
    title: str
    author: Author
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    pinned_at: datetime | None
    locked_at: datetime | None
    endorsed_post_id: int | None
    hidden_at: datetime | None
    unread: bool


@dataclass(frozen=True)
class ThreadList:
    forum: Forum
    board: Board
    page: Page[ThreadRow]
    refusal: str | None  # why this reader cannot start a thread here, if they cannot


@dataclass(frozen=True)
class PostView:
    """A post as this reader sees it. ``shown``: its words are on the page (not removed by its
    author, and not hidden by a tutor unless the reader is a tutor, who sees them marked hidden)."""

    id: int
    thread_id: int
    author: Author
    author_id: int
    text: str
    html: str
    language: str | None
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    hidden_at: datetime | None
    helpful_count: int
    quoted_post_id: int | None
    quoted_name: str | None
    shown: bool
    first: bool  # the thread's first post
    unread: bool  # newer than what this reader had read before this visit
    editable: bool  # its author may still change it
    deletable: bool  # its author may remove it


@dataclass(frozen=True)
class ThreadPage:
    """A page of a thread with what its parts show: the reader's helpful marks (``mine_helpful``),
    reports (``reported``) among the page's posts, and whether they follow the thread."""

    forum: Forum
    thread: Thread
    board: Board
    page: Page[PostView]
    mine_helpful: frozenset[int]
    reported: frozenset[int]
    following: bool
    first_unread_after: int | None  # ``?after=`` of the page starting at the first unread post, when one is elsewhere
    refusal: str | None  # why this reader cannot reply, if they cannot
    edit_minutes: int = DEFAULT_EDIT_MINUTES
    quote: dict = field(default_factory=dict)  # a quoted post for the reply form: id and text


@dataclass(frozen=True)
class NewThread:
    forum: Forum
    board: Board
    prompt: Activity | None
    refusal: str | None


def board_of(forum: Forum, slug: str, now: datetime) -> Board:
    """The forum named in an address: ``general`` or an open module's slug."""
    if slug == GENERAL:
        return Board(GENERAL)
    opened, later = readable_modules(forum, now)
    found = next((m for m in opened if m.slug == slug), None)
    if found is None:
        waiting = next((m for m in later if m.slug == slug), None)
        if waiting is not None:
            raise locked_module(forum, waiting)
        raise NotFound(gettext("No such forum in this course."))
    return Board(found.slug, found)


def board_by_module(forum: Forum, module_id: int | None, now: datetime) -> Board:
    """A thread's forum, which must be open for this reader."""
    if module_id is None:
        return Board(GENERAL)
    opened, later = readable_modules(forum, now)
    found = next((m for m in opened if m.id == module_id), None)
    if found is None:
        waiting = next((m for m in later if m.id == module_id), None)
        if waiting is not None:
            raise locked_module(forum, waiting)
        raise NotFound(gettext("No such discussion."))
    return Board(found.slug, found)


def closed_message() -> str:
    return gettext("This course's window has closed: its discussions stay open for reading, but nobody can write in them any more.")


def reply_refusal(forum: Forum, thread: Thread) -> str | None:
    """Why this reader cannot reply to the thread now, or None."""
    if forum.read_only:
        return closed_message()
    if thread.locked_at is not None and not forum.moderates:
        return gettext("A tutor has locked this thread: it takes no more replies.")
    if thread.hidden_at is not None and not forum.moderates:
        return gettext("A tutor has hidden this thread: it takes no more replies.")
    return None


def list_forums(user, course_slug: str, *, run_slug: str | None = None, now: datetime) -> ForumIndex:
    """The run's forums with their threads, posts, newest activity and unread threads for this reader."""
    forum = open_forum(user, course_slug, plain_slug(run_slug), now=now)
    opened, later = readable_modules(forum, now)
    figures = {row.module_id: row for row in queries.forum_figures(forum.run.id, user.id, forum.moderates)}
    boards = [Board(GENERAL)] + [Board(m.slug, m) for m in opened]
    summaries = []
    for board in boards:
        row = figures.get(board.module_id)
        summaries.append(BoardSummary(board, row.threads, row.threads + row.replies, row.newest, row.unread) if row
                         else BoardSummary(board))
    return ForumIndex(forum, summaries, len(later))


def _thread_row(row: Row) -> ThreadRow:
    return ThreadRow(row.id, row.title, Author(row.author_id, row.author_name, row.author_role, row.author_country),
                     row.created_at, row.last_post_at, row.reply_count, row.pinned_at, row.locked_at, row.endorsed_post_id,
                     row.hidden_at, bool(row.unread))


def list_threads(user, course_slug: str, forum_slug: str, *, run_slug: str | None = None, cursor: Cursor = TOP,
                 now: datetime, size: int = THREADS_PER_PAGE) -> ThreadList:
    """A forum's threads, pinned first then newest activity, a keyset page at a time (two statements)."""
    forum = open_forum(user, course_slug, plain_slug(run_slug), now=now)
    board = board_of(forum, forum_slug, now)
    total, pinned, before, known = queries.thread_counts(forum.run.id, board.module_id, forum.moderates, cursor.row_id)
    if not known or (cursor.backwards and before <= size):
        cursor, before = TOP, 0  # an unknown cursor, or a page back that reaches the top: the first page
    rows = queries.thread_page(forum.run.id, board.module_id, user.id, forum.moderates, after=cursor.after,
                               before=cursor.before, size=size)
    page = make_page([_thread_row(row) for row in rows], lambda row: row.id, cursor=cursor,
                     rows_before_cursor=pinned + before, total=total)
    return ThreadList(forum, board, page, closed_message() if forum.read_only else None)


def new_thread(user, course_slug: str, forum_slug: str, *, run_slug: str | None = None, prompt_slug: str | None = None,
               now: datetime) -> NewThread:
    """What the new-thread page shows: the forum, the prompt it answers (a ```discussion block of
    the module, ignored when there is no such block) and why the reader cannot write, if so."""
    forum = open_forum(user, course_slug, plain_slug(run_slug), now=now)
    board = board_of(forum, forum_slug, now)
    return NewThread(forum, board, find_prompt(board, prompt_slug), closed_message() if forum.read_only else None)


def find_prompt(board: Board, prompt_slug: str | None) -> Activity | None:
    slug = plain_slug(prompt_slug)
    return queries.prompt(board.module.id, slug) if slug and board.module is not None else None


def _post_view(row: Row, *, forum: Forum, thread: Thread, reader_id: int, read_up_to: int, first_id: int | None,
               now: datetime) -> PostView:
    post: Post = row[0]
    shown = post.deleted_at is None and (post.hidden_at is None or forum.moderates)
    mine = post.author_id == reader_id
    editable = (mine and post.deleted_at is None and post.hidden_at is None and not forum.read_only
                and (thread.locked_at is None or forum.moderates) and now < post.created_at + edit_window())
    return PostView(
        post.id, post.thread_id, Author(post.author_id, row.name, row.professional_role, row.country), post.author_id,
        post.text if shown else "", post.html if shown else "", post.language, post.created_at, post.edited_at,
        post.deleted_at, post.hidden_at, post.helpful_count, post.quoted_post_id, row.quoted_name, shown,
        post.id == first_id, 0 <= read_up_to < post.id, editable,
        mine and post.deleted_at is None and not forum.read_only)


def get_thread_page(user, course_slug: str | None, thread_id: int, *, cursor: Cursor = TOP, now: datetime,
                    size: int = POSTS_PER_PAGE, quote_id: int | None = None) -> ThreadPage:
    """A page of the thread (``?after=<post id>``: the posts after it; ``?before=``: the posts before
    it), and the reader's read mark moved past it (one upsert, only when it moves). ``quote_id``: a
    post of the thread to quote in the reply form (one more statement; ignored if not quotable)."""
    forum, thread = thread_forum(user, thread_id, now=now)
    same_course(forum, course_slug)
    board = board_by_module(forum, thread.module_id, now)
    after, before = cursor.after, (cursor.before if cursor.after is None else None)
    rows = queries.post_page(thread.id, user.id, after=after, before=before, size=size)
    place = rows[0] if rows else queries.thread_place(thread.id, user.id, after=after, before=before)
    first_id = rows[0][0].id if rows and after is None and before is None else None
    posts = [_post_view(row, forum=forum, thread=thread, reader_id=user.id, read_up_to=place.read_up_to, first_id=first_id, now=now)
             for row in rows]
    rows_before = place.before_cursor - 1 if after is not None else place.before_cursor
    page = make_page(posts, lambda post: post.id, cursor=cursor, rows_before_cursor=rows_before, total=place.total)
    if posts and posts[-1].id > place.read_up_to:
        _mark_read(user.id, thread.id, posts[-1].id, now)
    newest = thread.last_post_id or 0
    unread_elsewhere = 0 <= place.read_up_to < newest and not any(p.unread for p in posts)
    return ThreadPage(
        forum, thread, board, page, frozenset(row[0].id for row in rows if row.mine_helpful),
        frozenset(row[0].id for row in rows if row.reported), bool(place.following),
        place.read_up_to if unread_elsewhere else None, reply_refusal(forum, thread),
        int(edit_window().total_seconds() // 60), _quote(forum, thread, quote_id) if quote_id else {})


def quote_markdown(name: str, text: str) -> str:
    """A post quoted at the top of a reply: a Markdown blockquote under its author's name."""
    lines = [gettext("%(name)s wrote:", name=name), "", *text.strip().splitlines()]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines) + "\n\n"


def _quote(forum: Forum, thread: Thread, post_id: int) -> dict:
    found = queries.quotable(thread.id, post_id)
    if found is None:
        return {}
    post, name = found
    if post.deleted_at is not None or (post.hidden_at is not None and not forum.moderates):
        return {}
    return {"id": post.id, "text": quote_markdown(name, post.text)}


def _mark_read(user_id: int, thread_id: int, post_id: int, now: datetime) -> None:
    """The reader has seen the thread up to ``post_id``: one INSERT ... ON CONFLICT that only moves forward."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    insert = dialect.insert(ReadMark).values(user_id=user_id, thread_id=thread_id, last_read_post_id=post_id, read_at=now)
    db.session.execute(insert.on_conflict_do_update(
        index_elements=["user_id", "thread_id"],
        set_={"last_read_post_id": insert.excluded.last_read_post_id, "read_at": insert.excluded.read_at},
        where=ReadMark.last_read_post_id < insert.excluded.last_read_post_id))
