"""A learner in a run: the enrolment, the pages read, and the progress kept per module."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "run_id"),
        # The tutors' learner list (lms.cohort): a run's learners in enrolment order, by progress.
        Index("ix_enrolments_run_enrolled", "run_id", "enrolled_at", "id"),
        Index("ix_enrolments_run_completed", "run_id", "modules_completed", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Any recorded activity (a page read, at most hourly; every action, through progress.record_progress).
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The course's live modules completed, kept by progress when a module completes (the learner list sorts
    # and filters on it without counting every learner's progress rows).
    modules_completed: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when a tutor unenrols the learner (lms.roster): the row and their work stay, every page
    # treats them as not enrolled; cleared when they are enrolled again.
    unenrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A personal deadline after the run's end (lms.roster): the window stays open for this learner until then.
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class UnitProgress(db.Model):
    """A unit the learner marked as done; the unique pair makes double clicks harmless."""

    __tablename__ = "unit_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ModuleProgress(db.Model):
    """What a learner has done in a module, kept by the one progress service so that
    the dashboard and checklists read one row instead of counting everything."""

    __tablename__ = "module_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    units_done: Mapped[int] = mapped_column(default=0)
    quizzes_passed: Mapped[int] = mapped_column(default=0)
    reflections_done: Mapped[int] = mapped_column(default=0)
    assignments_done: Mapped[int] = mapped_column(default=0)  # submitted and review duties met
    assignments_submitted: Mapped[int] = mapped_column(default=0)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Visible posts in the module's forum (discussions counts them): the "discussion_posts" rule.
    discussion_posts: Mapped[int] = mapped_column(default=0, server_default="0")


class CourseCompletion(db.Model):
    __tablename__ = "course_completions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), unique=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime())
