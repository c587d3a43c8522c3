"""Exactly one active scheduler, however many are started.

PostgreSQL: a session-level advisory lock held on a dedicated connection; if the
process dies, its connection closes and the lock is free for a standby.
SQLite: a lease row renewed by the active process; a standby takes over once it
has expired."""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import String, select, text, update
from sqlalchemy.orm import Mapped, mapped_column

from lms.core import clock
from lms.core.db import UTCDateTime, insert_ignoring_duplicates
from lms.core.extensions import db

ADVISORY_KEY = 727_001  # any constant shared by all scheduler processes
LEASE = "scheduler"


class SchedulerLease(db.Model):
    """Which scheduler process is active, where no advisory lock exists (SQLite)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AdvisoryLock:
    def __init__(self, engine):
        self.connection = engine.connect()

    def acquire(self) -> bool:
        held = self.connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
        self.connection.commit()
        return bool(held)

    def renew(self) -> bool:
        """Still ours while our connection lives."""
        try:
            self.connection.execute(text("SELECT 1"))
            self.connection.commit()
            return True
        except Exception:  # noqa: BLE001  (a dead connection: the lock is gone)
            return False


class Lease:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.holder = f"{socket.gethostname()}:{os.getpid()}"

    def acquire(self) -> bool:
        now = clock.real_now()
        expires = now + timedelta(seconds=self.seconds)
        db.session.execute(insert_ignoring_duplicates(SchedulerLease, conflict_columns=["name"]).values(
            name=LEASE, holder=self.holder, expires_at=expires))
        taken = db.session.execute(
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE, (SchedulerLease.holder == self.holder) | (SchedulerLease.expires_at < now))
            .values(holder=self.holder, expires_at=expires)
        ).rowcount
        db.session.commit()
        return taken == 1 and db.session.scalar(select(SchedulerLease.holder).where(SchedulerLease.name == LEASE)) == self.holder

    renew = acquire


def leadership(seconds: float):
    if db.engine.dialect.name == "postgresql":
        return AdvisoryLock(db.engine)
    return Lease(seconds)
