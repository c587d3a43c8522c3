"""Requests to export or erase a person's data, worked through by scheduler jobs exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class DataExport(db.Model):
    """One request for a copy of a person's data: pending → building (claimed by a scheduler
    process) → ready (a zip on disk until it expires) or failed; expired files are deleted."""

    __tablename__ = "data_exports"
    __table_args__ = (Index("ix_data_exports_status", "status", "requested_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A random public id for the download link (the link also needs the owner's session).
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    file_name: Mapped[str | None] = mapped_column(String(128))
    size_bytes: Mapped[int | None]
    error: Mapped[str] = mapped_column(Text, default="")


class AccountErasure(db.Model):
    """An erasure asked for (by the person, with their password, or by retention), done by a job.
    The row outlives the account: user_id is cleared when the data is gone, and nothing in it
    says who the person was."""

    __tablename__ = "account_erasures"
    __table_args__ = (Index("ix_account_erasures_pending", "erased_at", "requested_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    reason: Mapped[str] = mapped_column(String(16))  # requested, inactive, unverified, admin
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The files still to delete, one path per line: written with the erasure (so a crash after its
    # commit forgets none), emptied as they go; the job tries the rest again at each run.
    files_left: Mapped[str] = mapped_column(Text, default="", server_default="")
