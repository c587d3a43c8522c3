"""Discussions' records. A forum is not a row: it is a run (course-wide, ``module_id`` NULL)
or a run and one of its course's modules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Thread(db.Model):
    """A conversation in a run's forum: its first post opens it, replies follow flat."""

    __tablename__ = "discussion_threads"
    __table_args__ = (
        # The thread list: pinned first, then newest activity, kept in this order by the index.
        Index("ix_discussion_threads_list", "run_id", "module_id", "pinned_at", "last_post_at", "id"),
        Index("ix_discussion_threads_run_activity", "run_id", "last_post_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))  # None: the course-wide forum
    # The ```discussion block (an Activity of kind "discussion") it answers, when started from one.
    prompt_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_post_id: Mapped[int | None]  # the newest visible post: unread markers compare with it
    reply_count: Mapped[int] = mapped_column(default=0)  # visible replies (the first post not counted)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    endorsed_post_id: Mapped[int | None]  # a tutor's endorsed answer
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its first post hidden by a tutor


class Post(db.Model):
    """One contribution: the thread's first post or a reply. The author's Markdown and its
    sanitised HTML; deleted by its author (shown as removed, replies stay) or hidden by a tutor."""

    __tablename__ = "discussion_posts"
    __table_args__ = (
        UniqueConstraint("author_id", "token"),  # the form's token: a double click posts once
        Index("ix_discussion_posts_thread", "thread_id", "id"),
        Index("ix_discussion_posts_author", "author_id", "created_at"),  # the posting limit
        Index("ix_discussion_posts_run_author", "run_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))  # the thread's: search and counts by run
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"))  # the thread's
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token: Mapped[str] = mapped_column(String(36))
    quoted_post_id: Mapped[int | None] = mapped_column(ForeignKey("discussion_posts.id"))
    text: Mapped[str] = mapped_column(Text)  # the author's Markdown
    html: Mapped[str] = mapped_column(Text)  # rendered and sanitised
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    helpful_count: Mapped[int] = mapped_column(default=0)


class PostRevision(db.Model):
    """What a post said before an edit: the history a reader can open."""

    __tablename__ = "discussion_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when this version was posted or edited
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HelpfulMark(db.Model):
    __tablename__ = "discussion_helpful_marks"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Follow(db.Model):
    """Someone follows a thread: new replies reach them through the ledger."""

    __tablename__ = "discussion_follows"
    __table_args__ = (UniqueConstraint("thread_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReadMark(db.Model):
    """How far someone has read a thread: the newest post id they have seen."""

    __tablename__ = "discussion_read_marks"
    __table_args__ = (UniqueConstraint("user_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"))
    last_read_post_id: Mapped[int] = mapped_column(default=0)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PostReport(db.Model):
    """A reader's report of a post, for the run's tutors' moderation queue (beside peer review's flags)."""

    __tablename__ = "discussion_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id"), Index("ix_discussion_reports_open", "run_id", "resolved_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("discussion_posts.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(16))  # inappropriate, off_topic, spam, other
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution: Mapped[str | None] = mapped_column(String(16))  # hidden, restored, dismissed
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
