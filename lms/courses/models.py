"""What a course declares, as synced from its files: the course, its modules, units,
activities and badges, and its runs with their release rule."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.core.db import UTCDateTime
from lms.core.extensions import db

RELEASE_MODES = ("scheduled", "on_enrolment")


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(16))
    # Courses that are translations of each other share this key (the course files say which).
    translation_group: Mapped[str | None] = mapped_column(String(80), index=True)
    hours_per_week_min: Mapped[int]
    hours_per_week_max: Mapped[int]
    outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    source_hash: Mapped[str] = mapped_column(String(64))
    # How many live modules a learner must complete; None means all of them.
    modules_needed: Mapped[int | None]
    # The cover picture (relative to content/<course>/, served under /assets) and its text alternative.
    cover_path: Mapped[str | None] = mapped_column(String(300))
    cover_alt: Mapped[str | None] = mapped_column(String(300))
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


class Activity(db.Model):
    """A quiz, reflection or peer-reviewed assignment declared in a module file.

    ``spec`` holds everything, correct answers included: it never goes to a page as
    is; templates get only what a learner may see."""

    __tablename__ = "activities"
    __table_args__ = (UniqueConstraint("module_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    slug: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int]
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BadgeClass(db.Model):
    """A badge a course offers: one for the course, one per module that declares it."""

    __tablename__ = "badge_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)  # stable, in URLs
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), unique=True)  # None: the course badge
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    criteria: Mapped[str] = mapped_column(Text)
    image_path: Mapped[str] = mapped_column(String(300))  # relative to content/<course>/
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    alignment: Mapped[list[int]] = mapped_column(JSON, default=list)  # course outcome numbers
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Run(db.Model):
    """One offering of a course: its window, time zone and release rule."""

    __tablename__ = "runs"
    __table_args__ = (UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    release_mode: Mapped[str] = mapped_column(String(16))
    release_initial: Mapped[int] = mapped_column(default=1)
    release_batch: Mapped[int] = mapped_column(default=1)
    release_every_days: Mapped[int] = mapped_column(default=7)
    enrolment_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    enrolment_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Self-paced runs: suggested days per module, giving each learner target dates.
    pace_days: Mapped[int | None]


class ReleaseOverride(db.Model):
    """A module of a run that opens at its own time instead of the rule's."""

    __tablename__ = "release_overrides"
    __table_args__ = (UniqueConstraint("run_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # "file" overrides follow the course file; "tutor" ones were set on the schedule page and win.
    source: Mapped[str] = mapped_column(String(8), default="file", server_default="file")


class CourseSync(db.Model):
    """One import of the course files (``flask courses sync`` or the administration's button):
    when, by whom, whether it went through, and the problems that stopped it (``file:line: message``,
    one a line), so an administrator sees the last sync's state without a shell."""

    __tablename__ = "course_syncs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for the command line (run by an operator without an account).
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    ok: Mapped[bool]
    problems: Mapped[str] = mapped_column(Text, default="")
    # What changed: counts of created, updated, archived and unchanged items.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
