"""The tables of resources: each resource as synced from its file (its audiences and subjects
as bit masks, for facets counted in SQL in one scan), the ratings and saved lists of practitioners, and
the resources a module's Markdown attaches to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import DDL, Date, ForeignKey, Integer, PrimaryKeyConstraint, SmallInteger, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Resource(db.Model):
    """One ``resources/<slug>.toml``. Either ``file`` (a path under the content folder) or
    ``url`` (an https link) is set. ``rating_total`` and ``rating_count`` are recounted from the
    ratings after each one (so sorting by rating reads one row)."""

    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    language: Mapped[str] = mapped_column(String(16), index=True)
    licence: Mapped[str] = mapped_column(String(64))
    author: Mapped[str] = mapped_column(String(200))
    published_on: Mapped[date] = mapped_column(Date)
    # Audiences and subjects as bits (services/vocabulary.py: each value's place in its closed list),
    # so that every facet of a search is counted in one scan of the matching rows.
    audience_mask: Mapped[int] = mapped_column(Integer)
    subject_mask: Mapped[int] = mapped_column(Integer)
    file: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    source_hash: Mapped[str] = mapped_column(String(64))
    rating_total: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its file was removed


class ResourceRating(db.Model):
    """A practitioner's rating (1 to 5) of a resource: one per person, changed in place."""

    __tablename__ = "resource_ratings"
    __table_args__ = (UniqueConstraint("resource_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    stars: Mapped[int] = mapped_column(SmallInteger)
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SavedResource(db.Model):
    """A resource on a practitioner's own list (My resources)."""

    __tablename__ = "saved_resources"
    __table_args__ = (UniqueConstraint("user_id", "resource_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"), index=True)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ModuleResource(db.Model):
    """A resource a module's Markdown names in a ```resources block (by course and module slug:
    the course files are the source, and the block is read with them)."""

    __tablename__ = "module_resources"
    __table_args__ = (PrimaryKeyConstraint("course_slug", "module_slug", "resource_id"),)

    course_slug: Mapped[str] = mapped_column(String(80))
    module_slug: Mapped[str] = mapped_column(String(80))
    resource_id: Mapped[int] = mapped_column(ForeignKey("resources.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)


# --- Search: the database's own full-text engine ---
# SQLite: an FTS5 table (its own copy of title, summary and author, rowid = resources.id) written
# by the sync service whenever a resource changes. PostgreSQL: a stored generated column of words
# (title weighted A, summary B, author C) with a GIN index: kept by the database itself.
# Both English-stemmed (porter / 'english'): the library is written mostly in English.
# Neither is the models' metadata (tests/resources/test_search_schema.py compares them);
# migrations/versions/f5b7d9e1a3c6_resources.py writes the same.
SEARCH_TABLE = "resources_fts"  # SQLite
SEARCH_COLUMN = "search_words"  # PostgreSQL, on resources
SEARCH_CONFIG = "english"
SQLITE_SEARCH_DDL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(title, summary, author, tokenize='porter unicode61 remove_diacritics 2')",
)
POSTGRESQL_SEARCH_DDL = (
    f"ALTER TABLE resources ADD COLUMN {SEARCH_COLUMN} tsvector GENERATED ALWAYS AS ("
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(summary, '')), 'B') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(author, '')), 'C')) STORED",
    f"CREATE INDEX ix_resources_{SEARCH_COLUMN} ON resources USING gin ({SEARCH_COLUMN})",
)
for _statement in SQLITE_SEARCH_DDL:
    event.listen(Resource.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_SEARCH_DDL:
    event.listen(Resource.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
event.listen(Resource.__table__, "before_drop", DDL(f"DROP TABLE IF EXISTS {SEARCH_TABLE}").execute_if(dialect="sqlite"))
