"""The audit log: one row for every action that changes someone else's data (a role, a grade
override, a moderation decision, a revocation, a schedule, an enrolment, an erasure), written in
the action's own transaction by whichever feature takes it. Administrators read and export it
under /admin/audit. A row names people by id only, so erasing a person leaves the log readable
("a deleted account") without keeping their data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, insert
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_created_at", "created_at"),
        Index("ix_audit_events_subject", "subject_user_id", "created_at"),
        Index("ix_audit_events_actor", "actor_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who acted: None for the scheduler or a command run by an operator without an account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Whose data changed, when it is one person's.
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(48))  # e.g. role.grant, enrolment.cancel, account.erase
    target_kind: Mapped[str] = mapped_column(String(32), default="")  # user, run, course, assertion ...
    target_id: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # What changed, as plain values (old and new role, dates ...): never personal data.
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


def record_audit(*, action: str, now: datetime, actor_id: int | None = None, subject_user_id: int | None = None,
                 target_kind: str = "", target_id: str | int = "", reason: str = "", details: dict | None = None) -> None:
    """Write one audit row, in the caller's transaction (it commits or rolls back with the action)."""
    db.session.execute(insert(AuditEvent).values(
        actor_id=actor_id, subject_user_id=subject_user_id, action=action, target_kind=target_kind,
        target_id=str(target_id), reason=reason, details=details or {}, created_at=now))
