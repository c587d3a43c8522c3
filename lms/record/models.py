"""The tables of record: standards frameworks as synced from their files, the learning a person
records from elsewhere, the standards they tag entries with, and their record's settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class StandardsFramework(db.Model):
    """One ``courses/standards/<slug>.toml``: a country's (or a body's) professional standards."""

    __tablename__ = "standards_frameworks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    source_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its file was removed


class Standard(db.Model):
    """One standard of a framework; ``code`` is its stable name in the file ("1.1")."""

    __tablename__ = "standards"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("standards_frameworks.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    group_name: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int]
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExternalEntry(db.Model):
    """Learning done elsewhere, as its learner recorded it. ``form_token`` is the add form's own
    token: a second submission of the same form (a double click) adds nothing."""

    __tablename__ = "record_entries"
    __table_args__ = (UniqueConstraint("user_id", "form_token"), Index("ix_record_entries_user_started", "user_id", "started_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    form_token: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str] = mapped_column(String(200), default="")
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    hours: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    note_html: Mapped[str] = mapped_column(Text, default="")
    file_key: Mapped[str | None] = mapped_column(String(64))
    file_name: Mapped[str | None] = mapped_column(String(120))
    file_type: Mapped[str | None] = mapped_column(String(120))
    file_size: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class EntryTag(db.Model):
    """A standard its learner says an entry of their record served. The entry is named by its
    kind and reference (``course`` + enrolment id, ``badge`` + award uid, ``external`` + id ...),
    since the entries live in other features' tables."""

    __tablename__ = "record_tags"
    __table_args__ = (UniqueConstraint("user_id", "entry_kind", "entry_ref", "standard_id"),
                      Index("ix_record_tags_user_standard", "user_id", "standard_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    entry_kind: Mapped[str] = mapped_column(String(16))
    entry_ref: Mapped[str] = mapped_column(String(80))
    standard_id: Mapped[int] = mapped_column(ForeignKey("standards.id"), index=True)


class RecordSettings(db.Model):
    """A learner's choices for their record: whether their reflections are in it (off until they
    say so), and the framework they tag with."""

    __tablename__ = "record_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    include_reflections: Mapped[bool] = mapped_column(default=False)
    framework_id: Mapped[int | None] = mapped_column(ForeignKey("standards_frameworks.id"))
