from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.types import UTCDateTime


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


class QuizAttempt(db.Model):
    """One submitted attempt; ``number`` is unique per learner and quiz, so a double
    click cannot spend two attempts."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (UniqueConstraint("enrolment_id", "activity_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    number: Mapped[int]
    answers: Mapped[list[list[int]]] = mapped_column(JSON)
    score: Mapped[int]  # percent
    passed: Mapped[bool]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Reflection(db.Model):
    """A learner's private answer: only they and the course's tutors can read it."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("enrolment_id", "activity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


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


class CourseCompletion(db.Model):
    __tablename__ = "course_completions"

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), unique=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime())
