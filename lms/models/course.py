from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.models.types import UTCDateTime


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(16))
    hours_per_week_min: Mapped[int]
    hours_per_week_max: Mapped[int]
    outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_hash: Mapped[str] = mapped_column(String(64))
    # How many live modules a learner must complete; None means all of them.
    modules_needed: Mapped[int | None]
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    modules: Mapped[list[Module]] = relationship(
        back_populates="course", order_by="Module.position", lazy="raise"
    )


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    estimated_minutes: Mapped[int]
    objectives: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Completion rules and what they count, e.g. {"rules": [...], "units": 3, "quiz": 1, ...}
    requirements: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    content_hash: Mapped[str] = mapped_column(String(64))
    # Modules dropped from the course file are archived, never deleted: learners' progress points at them.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[Course] = relationship(back_populates="modules", lazy="raise")


class Unit(db.Model):
    """One page of a module, stored as sanitised HTML rendered at sync time."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    html: Mapped[str] = mapped_column(Text)
    # [{slug, kind, title}] of the activities on this page, for the cards below it.
    activities: Mapped[list[dict]] = mapped_column(JSON, default=list, server_default="[]")
    content_hash: Mapped[str] = mapped_column(String(64))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
