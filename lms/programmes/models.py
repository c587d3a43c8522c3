"""A programme as synced from its file, and each learner's way through it: their enrolment, the
workshops a tutor confirmed they attended, and their placement with its supervisor's sign-off."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db

PLACEMENT_STATES = ("awaiting", "signed_off", "declined")


class Programme(db.Model):
    """One ``courses/programmes/<slug>.toml``; ``spec`` keeps what the file declares, as checked."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its file was removed


class ProgrammeEnrolment(db.Model):
    """A learner on a programme. ``completed_at`` is set once, when every requirement is met;
    ``award_uid`` and ``certificate_uid`` name what completing it issued (the sweep fills a gap)."""

    __tablename__ = "programme_enrolments"
    __table_args__ = (UniqueConstraint("programme_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    award_uid: Mapped[str | None] = mapped_column(String(40))
    certificate_uid: Mapped[str | None] = mapped_column(String(40))


class WorkshopAttendance(db.Model):
    """A workshop a learner attended, as a programme tutor confirmed it (``source`` "tutor"); the
    events feature's attendance is counted from its own tables, not copied here."""

    __tablename__ = "programme_workshops"
    __table_args__ = (UniqueConstraint("programme_id", "user_id", "title", "attended_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    attended_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="tutor")
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PlacementRecord(db.Model):
    """A learner's placement: host, dates, hours and report, signed off (or declined) by the named
    supervisor through a one-time link. Only the link's SHA-256 is kept; a fresh link replaces it."""

    __tablename__ = "programme_placements"
    __table_args__ = (UniqueConstraint("programme_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    host: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[float]
    report: Mapped[str] = mapped_column(Text)  # Markdown
    supervisor_name: Mapped[str] = mapped_column(String(200))
    supervisor_email: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(16), default="awaiting")  # PLACEMENT_STATES
    link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
