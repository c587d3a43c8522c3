"""The moderation audit: one row for every decision a tutor takes on a report, a post or a piece
of peer work (hide, restore, dismiss ...), whichever feature holds the thing decided on. The
moderation queue is one queue; so is its history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, insert
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.audit import record_audit
from lms.core.db import UTCDateTime
from lms.core.extensions import db


class ModerationAction(db.Model):
    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_run", "run_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    target_kind: Mapped[str] = mapped_column(String(16))  # post, submission, review
    target_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(16))  # hide, restore, dismiss, reassign, pin, lock ...
    reason: Mapped[str] = mapped_column(Text, default="")
    report_id: Mapped[int | None]  # the report (a discussion report or a peer review flag) it settled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def record_moderation(*, run_id: int, actor_id: int, target_kind: str, target_id: int, action: str,
                      reason: str = "", report_id: int | None = None, now: datetime) -> None:
    """Write the audit row of one decision (in the decision's own transaction)."""
    db.session.execute(insert(ModerationAction).values(
        run_id=run_id, actor_id=actor_id, target_kind=target_kind, target_id=target_id, action=action,
        reason=reason, report_id=report_id, created_at=now))
    record_audit(action=f"moderation.{action}", now=now, actor_id=actor_id, target_kind=target_kind, target_id=target_id,
                 reason=reason, details={"run": run_id, **({"report": report_id} if report_id else {})})
