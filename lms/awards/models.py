"""What was awarded: badge assertions and course certificates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Assertion(db.Model):
    """One badge awarded to one learner in one run. Never deleted: revoked with a reason."""

    __tablename__ = "assertions"
    __table_args__ = (UniqueConstraint("badge_class_id", "user_id", "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)  # public id, in URLs
    badge_class_id: Mapped[int] = mapped_column(ForeignKey("badge_classes.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    recipient_email: Mapped[str] = mapped_column(String(254))  # as it was when issued
    salt: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime())
    evidence: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(Text)  # a tutor's manual award
    awarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)  # the revocation list's state
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Certificate(db.Model):
    """The course certificate: one per completed enrolment, verifiable by its public id."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    recipient_name: Mapped[str] = mapped_column(String(120))  # as printed
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime())
    hours: Mapped[float]
    modules: Mapped[list[str]] = mapped_column(JSON, default=list)  # titles of the modules completed
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(Text)
