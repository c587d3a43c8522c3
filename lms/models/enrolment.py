from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.types import UTCDateTime


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class UnitProgress(db.Model):
    """A unit the learner marked as done; the unique pair makes double clicks harmless."""

    __tablename__ = "unit_progress"
    __table_args__ = (UniqueConstraint("enrolment_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime())
