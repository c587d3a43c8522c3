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


# --- Search: the database's own full-text engine (kept in step by the database itself) ---
# SQLite: an FTS5 index whose content is a view of the posts not deleted (a thread's first post
# carries the thread's title), kept in step by triggers, however the rows are written.
# PostgreSQL: a column of words (tsvector: the text's, and for a thread's first post the thread's
# title, weighted above it) kept by triggers, with a GIN index, in the configuration
# ``discussion_words``: 'simple' (no language's stemming or stop words: learners write in many
# languages) with accents removed. Stored, so that ranking thousands of matches reads their words
# instead of parsing every text again.
# Neither is the models' metadata (tests/discussions/test_search_schema.py compares them);
# migrations/versions/f6e2a0d8f5c7_discussion_search.py writes the same.
from sqlalchemy import DDL, event  # noqa: E402

SEARCH_CONFIG = "discussion_words"
SEARCH_TABLE = "discussion_posts_fts"  # SQLite
SEARCH_COLUMN = "search_words"  # PostgreSQL, on discussion_posts


def _title_of(post: str) -> str:
    """The thread's title for its first post, nothing for a reply (``post``: a row alias)."""
    return (f"CASE WHEN NOT EXISTS (SELECT 1 FROM discussion_posts e WHERE e.thread_id = {post}.thread_id AND e.id < {post}.id) "
            f"THEN (SELECT t.title FROM discussion_threads t WHERE t.id = {post}.thread_id) ELSE '' END")


def _unindex(post: str, title: str | None = None) -> str:
    return (f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, title, body) "
            f"SELECT 'delete', {post}.id, {title or _title_of(post)}, {post}.text")


def _index(post: str, title: str | None = None) -> str:
    return f"INSERT INTO {SEARCH_TABLE}(rowid, title, body) SELECT {post}.id, {title or _title_of(post)}, {post}.text"


_FIRST_POST = ("FROM discussion_posts p WHERE p.thread_id = new.id AND p.deleted_at IS NULL AND p.id = "
               "(SELECT min(f.id) FROM discussion_posts f WHERE f.thread_id = new.id)")
SQLITE_SEARCH_DDL = (
    f"CREATE VIEW {SEARCH_TABLE}_content AS SELECT p.id AS id, {_title_of('p')} AS title, p.text AS body "
    "FROM discussion_posts p WHERE p.deleted_at IS NULL",
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(title, body, content='{SEARCH_TABLE}_content', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {SEARCH_TABLE}_insert AFTER INSERT ON discussion_posts WHEN new.deleted_at IS NULL "
    f"BEGIN {_index('new')}; END",
    f"CREATE TRIGGER {SEARCH_TABLE}_update AFTER UPDATE OF text, deleted_at, thread_id ON discussion_posts "
    f"BEGIN {_unindex('old')} WHERE old.deleted_at IS NULL; {_index('new')} WHERE new.deleted_at IS NULL; END",
    f"CREATE TRIGGER {SEARCH_TABLE}_delete AFTER DELETE ON discussion_posts WHEN old.deleted_at IS NULL "
    f"BEGIN {_unindex('old')}; END",
    f"CREATE TRIGGER {SEARCH_TABLE}_title AFTER UPDATE OF title ON discussion_threads "
    f"BEGIN {_unindex('p', 'old.title')} {_FIRST_POST}; {_index('p', 'new.title')} {_FIRST_POST}; END",
)
POSTGRESQL_SEARCH_CONFIG = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config "
    f"WHERE cfgname = '{SEARCH_CONFIG}' AND cfgnamespace = current_schema()::regnamespace) THEN "
    f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple); "
    f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple; "
    "END IF; END $$",
)


def _words(text: str) -> str:
    return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {text})"


_FIRST_TITLE = ("coalesce((SELECT t.title FROM discussion_threads t WHERE t.id = NEW.thread_id AND NOT EXISTS "
                "(SELECT 1 FROM discussion_posts e WHERE e.thread_id = NEW.thread_id AND e.id < NEW.id)), '')")
POSTGRESQL_SEARCH_DDL = (  # after the posts' table (the threads' is there already)
    f"ALTER TABLE discussion_posts ADD COLUMN {SEARCH_COLUMN} tsvector",
    f"CREATE INDEX ix_discussion_posts_{SEARCH_COLUMN} ON discussion_posts USING gin ({SEARCH_COLUMN})",
    f"CREATE FUNCTION discussion_posts_{SEARCH_COLUMN}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.{SEARCH_COLUMN} := setweight({_words(_FIRST_TITLE)}, 'A') || setweight({_words('NEW.text')}, 'D'); RETURN NEW; END $$",
    f"CREATE TRIGGER discussion_posts_{SEARCH_COLUMN} BEFORE INSERT OR UPDATE OF text, thread_id ON discussion_posts "
    f"FOR EACH ROW EXECUTE FUNCTION discussion_posts_{SEARCH_COLUMN}()",
    # A new title: the thread's first post takes it (its own trigger weighs its words again).
    f"CREATE FUNCTION discussion_threads_{SEARCH_COLUMN}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE discussion_posts SET text = text WHERE id = (SELECT min(p.id) FROM discussion_posts p WHERE p.thread_id = NEW.id); "
    "RETURN NULL; END $$",
    f"CREATE TRIGGER discussion_threads_{SEARCH_COLUMN} AFTER UPDATE OF title ON discussion_threads "
    f"FOR EACH ROW EXECUTE FUNCTION discussion_threads_{SEARCH_COLUMN}()",
)
for _statement in POSTGRESQL_SEARCH_CONFIG:  # before the tables: the words need the configuration
    event.listen(Thread.__table__, "before_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in POSTGRESQL_SEARCH_DDL:
    event.listen(Post.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in (f"DROP FUNCTION IF EXISTS discussion_posts_{SEARCH_COLUMN}()", f"DROP FUNCTION IF EXISTS discussion_threads_{SEARCH_COLUMN}()",
                   f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}"):
    event.listen(Thread.__table__, "after_drop", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in SQLITE_SEARCH_DDL:  # after the posts' table (the threads' is there already)
    event.listen(Post.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in (f"DROP TABLE IF EXISTS {SEARCH_TABLE}", f"DROP VIEW IF EXISTS {SEARCH_TABLE}_content"):
    event.listen(Post.__table__, "before_drop", DDL(_statement).execute_if(dialect="sqlite"))
