"""Following threads: who follows, and telling them of new replies through the notification ledger.

Posting follows the thread (its author hears of the replies to come). A reply is recorded for
every other follower who may still read the thread, in one INSERT ... SELECT from the follows,
once (the ledger's key ``discussion_reply:<post id>``, unique per person), in the poster's
transaction: in the app at once, by e-mail as each follower chose (each reply, a daily digest,
none). What a notification carries comes from the post alone: its thread, course, author's
display name and a short plain-text excerpt, never anything from peer review."""

from __future__ import annotations

import re
from html import unescape
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete

from lms.core.db import insert_ignoring_duplicates
from lms.core.extensions import db
from lms.discussions.models import Follow
from lms.discussions.queries import following as q
from lms.discussions.services.access import thread_forum
from lms.notifications import services as notifications

if TYPE_CHECKING:
    from lms.discussions.models import Post, Thread

EXCERPT = 200  # characters of a reply's text in a notification
_QUOTE = re.compile(r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote>", re.S | re.I)
_BLOCK = re.compile(r"</?(?:p|div|li|ul|ol|br|hr|h[1-6]|pre|blockquote|table|tr|td|th)\b[^>]*>", re.I)  # a space
_TAG = re.compile(r"<[^>]*>")  # inline: nothing


def excerpt(html: str, limit: int = EXCERPT) -> str:
    """A post's words as one line of plain text, without what it quotes, cut at a word near ``limit``."""
    while True:
        unquoted = _QUOTE.sub(" ", html)
        if unquoted == html:
            break
        html = unquoted
    text = " ".join(unescape(_TAG.sub("", _BLOCK.sub(" ", html))).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def _follow(user_id: int, thread_id: int, *, now: datetime) -> None:
    db.session.execute(insert_ignoring_duplicates(Follow, conflict_columns=["thread_id", "user_id"]).values(
        thread_id=thread_id, user_id=user_id, created_at=now))


def after_post(thread: Thread, post: Post, *, now: datetime) -> None:
    """Called by posting once a thread or reply is stored (same transaction): the author follows
    the thread, and its other followers are told of a reply. Three statements, whatever the
    number of followers; a retry records nothing twice."""
    _follow(post.author_id, thread.id, now=now)
    course_id, payload = _reply_payload(thread, post, excerpt(post.html))
    notifications.notify_users_with_status(
        q.followers_to_tell(thread.id, post.author_id, thread.run_id, course_id, hidden=thread.hidden_at is not None),
        kind="discussion_reply", key=f"discussion_reply:{post.id}", payload=payload, now=now)


def _reply_payload(thread: Thread, post: Post, words: str) -> tuple[int, dict]:
    course_id, course_slug, course_title, course_language, author = q.reply_facts(thread.id, post.author_id)
    return course_id, {"course": course_slug, "course_title": course_title, "course_language": course_language,
                       "thread": thread.id, "title": thread.title, "post": post.id, "author": author,
                       "excerpt": words, "language": post.language}


def withdraw_reply(thread: Thread, post: Post) -> None:
    """A reply removed by its author or hidden by a tutor: its e-mails not yet sent never go, and
    the followers' notes lose its words (they keep who replied where)."""
    notifications.withdraw(f"discussion_reply:{post.id}", payload=_reply_payload(thread, post, "")[1])


def readable_thread(user, course_slug: str, thread_id: int, *, now: datetime) -> Thread:
    """The thread, for someone who may read it, in the course named in the address (else Not found)."""
    return thread_forum(user, thread_id, now=now, course_slug=course_slug)[1]


def set_following(user, course_slug: str, thread_id: int, *, follow: bool, now: datetime) -> bool:
    """Follow the thread (``follow``) or stop; asking twice changes nothing. For someone who may
    read it, in the course named in the address. Returns whether they now follow it."""
    thread = readable_thread(user, course_slug, thread_id, now=now)
    if follow:
        _follow(user.id, thread.id, now=now)
    else:
        db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.thread_id == thread.id))
    return follow


def is_following(user_id: int, thread_id: int) -> bool:
    return q.is_following(user_id, thread_id)
