"""Exactly one active scheduler, however many are started; and who it was.

PostgreSQL: a session-level advisory lock held on a dedicated connection; if the
process dies, its connection closes and the lock is free for a standby.
SQLite: a lease row renewed by the active process; a standby takes over once it
has expired.

On both, the lease row names the active process (``process_id()``, which also signs
its e-mail claims), so the process that takes over knows whose unfinished work to
give back (``previous_holder``): the former holder is dead, or has lost the lock
and stops. A process that stops cleanly deletes its row, leaving nothing to recover."""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta

from sqlalchemy import String, delete, select, text, update
from sqlalchemy.orm import Mapped, mapped_column

from lms.core import clock
from lms.core.db import UTCDateTime, insert_ignoring_duplicates
from lms.core.extensions import db

ADVISORY_KEY = 727_001  # any constant shared by all scheduler processes
LEASE = "scheduler"
_process_ids: dict[int, str] = {}


def process_id() -> str:
    """This process's name in the lease and in e-mail claims: host, pid and a random
    part (a pid is reused after a restart; the name must not be)."""
    pid = os.getpid()
    if pid not in _process_ids:
        _process_ids[pid] = f"{socket.gethostname()[:70]}:{pid}:{secrets.token_hex(4)}"
    return _process_ids[pid]


class SchedulerLease(db.Model):
    """Which scheduler process is active (on SQLite also until when)."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


def _release_row(holder: str) -> None:
    db.session.execute(delete(SchedulerLease).where(SchedulerLease.name == LEASE, SchedulerLease.holder == holder))
    db.session.commit()


class AdvisoryLock:
    def __init__(self, engine, seconds: float):
        self.connection = engine.connect()
        self.seconds = seconds
        self.holder = process_id()
        self.previous_holder: str | None = None

    def acquire(self) -> bool:
        try:
            held = self.connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar()
            self.connection.commit()
        except Exception:
            self.connection.rollback()  # a lost connection is replaced on the next try
            raise
        if held:
            self._take_row()
        return bool(held)

    def _take_row(self) -> None:
        """Only the lock's owner writes the row, so what it names is the former owner."""
        expires = clock.real_now() + timedelta(seconds=self.seconds)
        db.session.execute(insert_ignoring_duplicates(SchedulerLease, conflict_columns=["name"]).values(
            name=LEASE, holder=self.holder, expires_at=expires))
        former = db.session.scalar(select(SchedulerLease.holder).where(SchedulerLease.name == LEASE).with_for_update())
        if former != self.holder:
            self.previous_holder = former
        db.session.execute(update(SchedulerLease).where(SchedulerLease.name == LEASE).values(holder=self.holder, expires_at=expires))
        db.session.commit()

    def renew(self) -> bool:
        """Still ours while our connection lives."""
        try:
            self.connection.execute(text("SELECT 1"))
            self.connection.commit()
            return True
        except Exception:  # noqa: BLE001  (a dead connection: the lock is gone)
            return False

    def release(self) -> None:
        _release_row(self.holder)
        try:
            self.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
            self.connection.commit()
        finally:
            self.connection.close()


class Lease:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.holder = process_id()
        self.previous_holder: str | None = None

    def acquire(self) -> bool:
        """Take the lease if it is ours or has expired: a compare-and-set on the row as
        read, so of two standbys only one wins, and it knows whom it replaced."""
        now = clock.real_now()
        expires = now + timedelta(seconds=self.seconds)
        db.session.execute(insert_ignoring_duplicates(SchedulerLease, conflict_columns=["name"]).values(
            name=LEASE, holder=self.holder, expires_at=expires))
        current = db.session.execute(
            select(SchedulerLease.holder, SchedulerLease.expires_at).where(SchedulerLease.name == LEASE)).one()
        if current.holder != self.holder and current.expires_at >= now:
            db.session.commit()
            return False
        taken = db.session.execute(
            update(SchedulerLease)
            .where(SchedulerLease.name == LEASE, SchedulerLease.holder == current.holder,
                   SchedulerLease.expires_at == current.expires_at)
            .values(holder=self.holder, expires_at=expires)
        ).rowcount
        db.session.commit()
        if taken == 1 and current.holder != self.holder:
            self.previous_holder = current.holder
        return taken == 1

    renew = acquire

    def release(self) -> None:
        _release_row(self.holder)


def _advisory_lock_held() -> bool:
    """Whether some session holds the scheduler's advisory lock in this database now. A
    bigint key shows in pg_locks as classid (high 32 bits), objid (low 32 bits), objsubid 1."""
    return bool(db.session.scalar(text(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND classid = :high AND objid = :low AND objsubid = 1)"),
        {"high": ADVISORY_KEY >> 32, "low": ADVISORY_KEY & 0xFFFFFFFF}))


def active_holder() -> str | None:
    """The process that leads now, if any (for a start-up script that waits for it). On
    PostgreSQL the row alone proves nothing: a killed scheduler leaves it behind, but its
    lock went with its connection."""
    row = db.session.execute(select(SchedulerLease.holder, SchedulerLease.expires_at).where(SchedulerLease.name == LEASE)).first()
    if db.engine.dialect.name == "postgresql":
        alive = row is not None and _advisory_lock_held()
    else:
        alive = row is not None and row.expires_at >= clock.real_now()
    db.session.commit()
    return row.holder if alive else None


def leadership(seconds: float):
    if db.engine.dialect.name == "postgresql":
        return AdvisoryLock(db.engine, seconds)
    return Lease(seconds)
