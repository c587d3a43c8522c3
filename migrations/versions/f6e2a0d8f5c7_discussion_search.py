"""discussions: full-text search

SQLite: an FTS5 index over the posts not deleted (a thread's first post with the thread's
title), its content a view, kept in step by triggers. PostgreSQL: a column of words (tsvector:
the text's, and a first post's thread title weighted above it) kept by triggers, with a GIN
index, in the configuration ``discussion_words`` ('simple' with accents removed, by the unaccent
extension). The same DDL as lms/discussions/models.py (migrations never import the application).

Revision ID: f6e2a0d8f5c7
Revises: f5d1f9c7e4b6
Create Date: 2026-12-02 14:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f6e2a0d8f5c7'
down_revision = 'f5d1f9c7e4b6'
branch_labels = None
depends_on = None

CONFIG = "discussion_words"
FTS = "discussion_posts_fts"
WORDS = "search_words"


def _title_of(post):
    return (f"CASE WHEN NOT EXISTS (SELECT 1 FROM discussion_posts e WHERE e.thread_id = {post}.thread_id AND e.id < {post}.id) "
            f"THEN (SELECT t.title FROM discussion_threads t WHERE t.id = {post}.thread_id) ELSE '' END")


def _unindex(post, title=None):
    return f"INSERT INTO {FTS}({FTS}, rowid, title, body) SELECT 'delete', {post}.id, {title or _title_of(post)}, {post}.text"


def _index(post, title=None):
    return f"INSERT INTO {FTS}(rowid, title, body) SELECT {post}.id, {title or _title_of(post)}, {post}.text"


FIRST_POST = ("FROM discussion_posts p WHERE p.thread_id = new.id AND p.deleted_at IS NULL AND p.id = "
              "(SELECT min(f.id) FROM discussion_posts f WHERE f.thread_id = new.id)")
SQLITE = (
    f"CREATE VIEW {FTS}_content AS SELECT p.id AS id, {_title_of('p')} AS title, p.text AS body "
    "FROM discussion_posts p WHERE p.deleted_at IS NULL",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, content='{FTS}_content', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON discussion_posts WHEN new.deleted_at IS NULL "
    f"BEGIN {_index('new')}; END",
    f"CREATE TRIGGER {FTS}_update AFTER UPDATE OF text, deleted_at, thread_id ON discussion_posts "
    f"BEGIN {_unindex('old')} WHERE old.deleted_at IS NULL; {_index('new')} WHERE new.deleted_at IS NULL; END",
    f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON discussion_posts WHEN old.deleted_at IS NULL "
    f"BEGIN {_unindex('old')}; END",
    f"CREATE TRIGGER {FTS}_title AFTER UPDATE OF title ON discussion_threads "
    f"BEGIN {_unindex('p', 'old.title')} {FIRST_POST}; {_index('p', 'new.title')} {FIRST_POST}; END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",  # the posts already written
)
POSTGRESQL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config "
    f"WHERE cfgname = '{CONFIG}' AND cfgnamespace = current_schema()::regnamespace) THEN "
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple); "
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple; "
    "END IF; END $$",
)


FIRST_TITLE = ("coalesce((SELECT t.title FROM discussion_threads t WHERE t.id = NEW.thread_id AND NOT EXISTS "
               "(SELECT 1 FROM discussion_posts e WHERE e.thread_id = NEW.thread_id AND e.id < NEW.id)), '')")
POSTGRESQL_WORDS = (
    f"ALTER TABLE discussion_posts ADD COLUMN {WORDS} tsvector",
    f"CREATE INDEX ix_discussion_posts_{WORDS} ON discussion_posts USING gin ({WORDS})",
    f"CREATE FUNCTION discussion_posts_{WORDS}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"NEW.{WORDS} := setweight(to_tsvector('{CONFIG}'::regconfig, {FIRST_TITLE}), 'A') || "
    f"setweight(to_tsvector('{CONFIG}'::regconfig, NEW.text), 'D'); RETURN NEW; END $$",
    f"CREATE TRIGGER discussion_posts_{WORDS} BEFORE INSERT OR UPDATE OF text, thread_id ON discussion_posts "
    f"FOR EACH ROW EXECUTE FUNCTION discussion_posts_{WORDS}()",
    f"CREATE FUNCTION discussion_threads_{WORDS}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE discussion_posts SET text = text WHERE id = (SELECT min(p.id) FROM discussion_posts p WHERE p.thread_id = NEW.id); "
    "RETURN NULL; END $$",
    f"CREATE TRIGGER discussion_threads_{WORDS} AFTER UPDATE OF title ON discussion_threads "
    f"FOR EACH ROW EXECUTE FUNCTION discussion_threads_{WORDS}()",
    "UPDATE discussion_posts SET text = text",  # the posts already written: their words, by the trigger
)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in POSTGRESQL + POSTGRESQL_WORDS:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "update", "delete", "title"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
        op.execute(f"DROP VIEW IF EXISTS {FTS}_content")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS discussion_threads_{WORDS} ON discussion_threads")
        op.execute(f"DROP TRIGGER IF EXISTS discussion_posts_{WORDS} ON discussion_posts")
        op.execute(f"DROP FUNCTION IF EXISTS discussion_threads_{WORDS}()")
        op.execute(f"DROP FUNCTION IF EXISTS discussion_posts_{WORDS}()")
        op.execute(f"ALTER TABLE discussion_posts DROP COLUMN IF EXISTS {WORDS}")  # and its index
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")  # the unaccent extension stays
