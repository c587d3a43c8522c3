"""Writing in discussions: a new thread, a reply (quoting), an edit with its history, deletion.

Every write starts with ``access`` (who may), then the forum's state (the course window, a lock),
then the posting limit (``moderation.check_posting_limit``), then the words. A post carries its
form's token: the same form sent twice (a double click, a reload) finds the first post, through
the unique (author, token) and a savepoint, and nothing is written twice. After a thread or reply
is stored, in the same transaction: the thread's counters (``refresh_thread``), its followers
(``following.after_post``) and, for a learner's post in a module's forum, the module's completion
(``core.completion.record_work``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from lms.core.completion import ProgressResult, record_work
from lms.core.db import lock_row
from lms.core.errors import DomainError, PermissionDenied, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.render import render_markdown
from lms.courses.services.runs import lock_run
from lms.discussions.models import Post, PostRevision, Thread
from lms.discussions.queries import threads as queries
from lms.discussions.services.counters import refresh_thread  # its home is below moderation, which calls it too
from lms.discussions.services import following, moderation
from lms.discussions.services.access import Forum, open_forum, post_forum, thread_forum
from lms.discussions.services.threads import (
    Board, board_by_module, board_of, closed_message, edit_window, find_prompt, plain_slug, reply_refusal, same_course,
)

if TYPE_CHECKING:
    from lms.courses.models import Activity

TITLE_MAX = 200
TEXT_MAX = 20_000
_TOKEN = re.compile(r"[0-9a-f]{32}")
# nh3 escapes '"', '<' and '>' inside attribute values, so an id attribute ends at the next '"'.
_ID_ATTRIBUTE = re.compile(r'(<[a-zA-Z][^<>]*?) id="[^"]*"')


class CannotWrite(DomainError):
    """The forum or thread takes no writing now (the window closed, a tutor locked the thread):
    the page says why and keeps what was typed."""

    http_status = 409


class EditWindowClosed(DomainError):
    http_status = 409


@dataclass(frozen=True)
class Posted:
    """What a new thread or reply stored (or, for the same form sent again, had stored)."""

    post: Post
    thread: Thread
    forum: Forum
    again: bool = False  # the form had been sent before: nothing new was written
    progress: ProgressResult = field(default_factory=ProgressResult)


@dataclass(frozen=True)
class History:
    forum: Forum
    thread: Thread
    post: Post
    shown: bool  # its words may be shown to this reader
    revisions: list[PostRevision]


def render_post(text: str) -> str:
    """Learners' writing as submissions are: the same allow-list, no images or embeds (a remote
    image would tell its author who read the post, and when), and no ids (a heading's anchor must
    not clash with the page's own)."""
    return _ID_ATTRIBUTE.sub(r"\1", render_markdown(text, media=False))


def _checked_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError("body", gettext("Write your message."))
    if len(text) > TEXT_MAX:
        raise ValidationError("body", gettext("Write at most %(max)d characters (this text has %(num)d).", max=TEXT_MAX, num=len(text)))
    return text


def _checked_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("title", gettext("Give your thread a title."))
    if len(title) > TITLE_MAX:
        raise ValidationError("title", gettext("Write a title of at most %(max)d characters.", max=TITLE_MAX))
    return title


def _checked_token(token: str) -> str:
    if not _TOKEN.fullmatch(token or ""):
        raise ValidationError("token", gettext("That form had expired. Please try again."))
    return token


def _again(author_id: int, token: str, forum: Forum) -> Posted | None:
    """The post this very form made already, if it did."""
    post = queries.post_by_token(author_id, token)
    if post is None:
        return None
    return Posted(post, db.session.get(Thread, post.thread_id), forum, again=True)


def _store(forum: Forum, author_id: int, token: str, add, *, lock) -> Posted:
    """Insert what ``add()`` adds, writers taking turns after ``lock()`` (on the thread, or for a
    new thread the run): a twin request that got there first wins and its post is
    returned. (SQLite: an immediate write transaction, which a second writer waits for instead of
    failing on a stale snapshot; the savepoint and the unique (author, token) hold either way.)"""
    lock()
    if (again := _again(author_id, token, forum)) is not None:
        return again
    try:
        with db.session.begin_nested():
            thread, post = add()
            db.session.flush()
    except IntegrityError:
        again = _again(author_id, token, forum)
        if again is None:
            raise
        return again
    return Posted(post, thread, forum)


def _after(posted: Posted, board: Board, *, now: datetime) -> Posted:
    """The seams, once a new post is stored: counters, followers, the module's completion."""
    refresh_thread(posted.thread.id)
    db.session.refresh(posted.thread)
    following.after_post(posted.thread, posted.post, now=now)
    progress = ProgressResult()
    if posted.forum.enrolment is not None and board.module is not None:
        progress = record_work(posted.forum.enrolment, board.module, now=now)
    return Posted(posted.post, posted.thread, posted.forum, False, progress)


def _new_post(forum: Forum, thread: Thread, author_id: int, token: str, text: str, quoted_post_id: int | None,
              now: datetime) -> Post:
    return Post(thread_id=thread.id, run_id=forum.run.id, module_id=thread.module_id, author_id=author_id, token=token,
                quoted_post_id=quoted_post_id, text=text, html=render_post(text), created_at=now)


def start_thread(user, course_slug: str, forum: str, *, title: str, text: str, token: str, prompt_slug: str | None = None,
                 run_slug: str | None = None, now: datetime) -> Posted:
    """Open a thread in the course-wide forum (``forum`` = "general") or an open module's, with its
    first post; ``prompt_slug`` names the module's ```discussion block it answers (ignored if none)."""
    place = open_forum(user, course_slug, plain_slug(run_slug), now=now)
    board = board_of(place, forum, now)
    token = _checked_token(token)
    if (again := _again(user.id, token, place)) is not None:
        return again
    if place.read_only:
        raise CannotWrite(closed_message())
    moderation.check_posting_limit(user.id, now=now)
    title, text = _checked_title(title), _checked_text(text)
    prompt: Activity | None = find_prompt(board, prompt_slug)

    def add():
        thread = Thread(run_id=place.run.id, module_id=board.module_id, prompt_id=prompt.id if prompt else None,
                        author_id=user.id, title=title, created_at=now, last_post_at=now, reply_count=0)
        db.session.add(thread)
        db.session.flush()
        post = _new_post(place, thread, user.id, token, text, None, now)
        db.session.add(post)
        return thread, post

    posted = _store(place, user.id, token, add, lock=lambda: lock_run(place.course.slug, place.run.slug))
    return posted if posted.again else _after(posted, board, now=now)


def reply(user, thread_id: int, *, text: str, token: str, quoted_post_id: int | None = None, now: datetime,
          course_slug: str | None = None) -> Posted:
    """Reply to a thread, quoting one of its posts if ``quoted_post_id`` names one that is shown
    (anything else is ignored). A thread locked or a window closed meanwhile: CannotWrite, saying why."""
    place, thread = thread_forum(user, thread_id, now=now)
    same_course(place, course_slug)
    board = board_by_module(place, thread.module_id, now)
    token = _checked_token(token)
    if (again := _again(user.id, token, place)) is not None:
        return again
    if (refusal := reply_refusal(place, thread)) is not None:
        raise CannotWrite(refusal)
    moderation.check_posting_limit(user.id, now=now)
    text = _checked_text(text)
    quoted = _quotable(place, thread, quoted_post_id)

    def add():
        post = _new_post(place, thread, user.id, token, text, quoted, now)
        db.session.add(post)
        return thread, post

    posted = _store(place, user.id, token, add, lock=lambda: lock_row(Thread, thread.id))
    return posted if posted.again else _after(posted, board, now=now)


def _quotable(forum: Forum, thread: Thread, post_id: int | None) -> int | None:
    if not post_id:
        return None
    found = queries.quotable(thread.id, post_id)
    if found is None or found[0].deleted_at is not None or (found[0].hidden_at is not None and not forum.moderates):
        return None
    return post_id


def _own(user, post_id: int, now: datetime, course_slug: str | None) -> tuple[Forum, Thread, Post]:
    forum, thread, post = post_forum(user, post_id, now=now)
    same_course(forum, course_slug)
    board_by_module(forum, thread.module_id, now)
    if post.author_id != user.id:
        raise PermissionDenied(gettext("Only its author can change or remove a post."))
    return forum, thread, post


@dataclass(frozen=True)
class Editable:
    forum: Forum
    thread: Thread
    post: Post
    first: bool  # the thread's first post: its title can change with it


def editable_post(user, post_id: int, *, now: datetime, course_slug: str | None = None) -> Editable:
    """One's own post that may still be changed, or the reason it may not (a domain error)."""
    found = own_post(user, post_id, now=now, course_slug=course_slug)
    forum, thread, post = found.forum, found.thread, found.post
    if post.deleted_at is not None:
        raise CannotWrite(gettext("You removed this post: it can no longer be changed."))
    if post.hidden_at is not None:
        raise CannotWrite(gettext("A tutor has hidden this post: it can no longer be changed."))
    if (refusal := reply_refusal(forum, thread)) is not None:
        raise CannotWrite(refusal)
    window = edit_window()
    if now >= post.created_at + window:
        raise EditWindowClosed(gettext(
            "A post can be changed for %(minutes)d minutes after it is written; this one can no longer be changed. "
            "You can add a reply instead.", minutes=int(window.total_seconds() // 60)))
    return found


def own_post(user, post_id: int, *, now: datetime, course_slug: str | None = None) -> Editable:
    """One's own post, whether or not it may still be changed (a refused edit shows it again with
    the text that was typed)."""
    forum, thread, post = _own(user, post_id, now, course_slug)
    return Editable(forum, thread, post, queries.first_post_id(thread.id) == post.id)


def edit_post(user, post_id: int, *, text: str, now: datetime, title: str | None = None,
              course_slug: str | None = None) -> Post:
    """Change one's own post within the edit window (LMS_DISCUSSION_EDIT_MINUTES); what it said
    before is kept as a revision. ``title``: the thread's new title, when this is its first post."""
    found = editable_post(user, post_id, now=now, course_slug=course_slug)
    post, thread = found.post, found.thread
    text = _checked_text(text)
    title = _checked_title(title) if found.first and title is not None else thread.title
    if text == post.text and title == thread.title:
        return post  # nothing changed (the same form sent twice): no revision
    if text != post.text:
        db.session.add(PostRevision(post_id=post.id, text=post.text, html=post.html, written_at=post.edited_at or post.created_at,
                                    replaced_at=now))
        post.text, post.html, post.edited_at = text, render_post(text), now
    thread.title = title
    return post


def delete_post(user, post_id: int, now: datetime, *, course_slug: str | None = None) -> Post:
    """Remove one's own post: readers see "Removed by its author." in its place, replies stay, the
    thread's counts are recounted. Once the window has closed the discussion is read-only, removals
    included (an account's erasure is another matter)."""
    forum, thread, post = _own(user, post_id, now, course_slug)
    if post.deleted_at is None and forum.read_only:
        raise CannotWrite(closed_message())
    if post.deleted_at is None:
        lock_row(Thread, thread.id)  # recounted after any reply being written meanwhile
        post.deleted_at = now
        db.session.flush()
        db.session.execute(update(Thread).where(Thread.id == thread.id, Thread.endorsed_post_id == post.id)
                           .values(endorsed_post_id=None))
        refresh_thread(thread.id)
        following.withdraw_reply(thread, post)
    return post


def post_history(user, post_id: int, *, now: datetime, course_slug: str | None = None) -> History:
    """A post's earlier versions, newest first, for anyone who may read it; none of a removed
    post's words, nor, for learners, of a hidden one's."""
    forum, thread, post = post_forum(user, post_id, now=now)
    same_course(forum, course_slug)
    board_by_module(forum, thread.module_id, now)
    shown = post.deleted_at is None and (post.hidden_at is None or forum.moderates)
    return History(forum, thread, post, shown, queries.revisions(post.id) if shown else [])
