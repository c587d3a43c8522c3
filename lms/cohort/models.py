"""The cohort's own records: a tutor's announcements to a run (or a filtered group of its learners)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Announcement(db.Model):
    """A tutor's message to a run's learners: a draft, then scheduled or sent (once).

    ``token`` comes from the form that wrote it, so a double click on Preview keeps one draft;
    ``sent_at`` is set by the one conditional UPDATE that wins the right to send it, and the
    learners it reaches are chosen then (the filter is stored: ``status`` and ``search``)."""

    __tablename__ = "announcements"
    __table_args__ = (
        UniqueConstraint("run_id", "token"),
        Index("ix_announcements_due", "sent_at", "scheduled_for"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token: Mapped[str] = mapped_column(String(36))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown, as the tutor wrote it
    html: Mapped[str] = mapped_column(Text)  # rendered and sanitised (no images or embeds)
    language: Mapped[str] = mapped_column(String(16))  # what it is written in (pages mark it with lang)
    status: Mapped[str] = mapped_column(String(32), default="")  # the learner filter; "" is everyone
    search: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    scheduled_for: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recipients: Mapped[int | None] = mapped_column()  # how many learners it reached, once sent
