from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db
from lms.models.types import UTCDateTime

RELEASE_MODES = ("scheduled", "on_enrolment")


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
