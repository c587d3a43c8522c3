"""What discussions hold about a person, for privacy's export and erasure.

Erasure removes their posts' words the way an author's own delete does (the post shows as
removed, the replies around it stay) and forgets what they followed, read and marked."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, func, select, update

from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.discussions.models import Follow, HelpfulMark, Post, PostReport, PostRevision, ReadMark, Thread
from lms.discussions.services import following
from lms.notifications import services as notifications

BATCH = 500
ERASED_AUTHOR = "—"  # as the anonymised account is named

README = {
    "discussion_posts.json": lazy_gettext("Everything you posted in discussions: the thread, your words, when, and whether it was edited, "
                                          "deleted or hidden."),
    "discussion_reports.json": lazy_gettext("The posts you reported to the tutors, and why."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "discussion_posts.json", _posts(user_id)
    yield "discussion_reports.json", _reports(user_id)


def _posts(user_id: int) -> Iterator[dict]:
    query = (select(Post, Thread.title, Thread.author_id == user_id)
             .join(Thread, Thread.id == Post.thread_id).where(Post.author_id == user_id).order_by(Post.id))
    for post, title, started in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield {"thread": title, "thread_id": post.thread_id, "you_started_the_thread": bool(started), "text": post.text,
               "language": post.language, "created_at": post.created_at, "edited_at": post.edited_at,
               "deleted_at": post.deleted_at, "hidden_at": post.hidden_at, "helpful_count": post.helpful_count}


def _reports(user_id: int) -> Iterator[dict]:
    query = (select(PostReport.post_id, PostReport.reason, PostReport.note, PostReport.created_at, PostReport.resolution)
             .where(PostReport.reporter_id == user_id).order_by(PostReport.id))
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield row._asdict()


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    _forget_in_followers_notes(user_id)
    theirs = select(Post.id).where(Post.author_id == user_id)
    db.session.execute(delete(PostRevision).where(PostRevision.post_id.in_(theirs)))
    db.session.execute(update(Post).where(Post.author_id == user_id).values(
        text="", html="", deleted_at=func.coalesce(Post.deleted_at, now)))
    db.session.execute(update(PostReport).where(PostReport.reporter_id == user_id).values(note=""))
    for model in (Follow, ReadMark, HelpfulMark):
        db.session.execute(delete(model).where(model.user_id == user_id))
    return []


def _forget_in_followers_notes(user_id: int) -> None:
    """The notes that told followers of this person's replies name them and quote their words:
    withdrawn as a removed reply is (unsent e-mails never go), and the name replaced."""
    for post_id in db.session.scalars(select(Post.id).where(Post.author_id == user_id).order_by(Post.id)).all():
        post = db.session.get(Post, post_id)
        _, payload = following._reply_payload(db.session.get(Thread, post.thread_id), post, "")
        key = f"discussion_reply:{post.id}"
        notifications.redact_digests(key, digest_kind=following.q.DIGEST, redact=lambda digest, post_id=post.id: _without(digest, post_id))
        notifications.withdraw(key, payload={**payload, "author": ERASED_AUTHOR})


def _without(digest: dict, post_id: int) -> dict:
    """A digest's payload with this reply's author unnamed and its words gone."""
    threads = [{**thread, "replies": [{**reply, "author": ERASED_AUTHOR, "excerpt": ""} if reply.get("post") == post_id else reply
                                      for reply in thread.get("replies", [])]} for thread in digest.get("threads", [])]
    return {**digest, "threads": threads}
