"""A learner's quiz attempts and reflections."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


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
