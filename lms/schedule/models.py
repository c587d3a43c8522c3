"""The audit log of tutors' schedule changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class ScheduleChange(db.Model):
    """Audit log: who moved which module's opening, from when to when."""

    __tablename__ = "schedule_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_set: Mapped[str] = mapped_column(String(36), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    old_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    new_opens_at: Mapped[datetime] = mapped_column(UTCDateTime())
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    learners_notified: Mapped[int] = mapped_column(default=0)
