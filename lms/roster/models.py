"""The roster's own records: invitations into a run for addresses without an account.

Unenrolling and personal deadlines are columns of learning's ``enrolments`` (every page that
checks enrolment reads them there); moving a learner changes the enrolment's run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Invitation(db.Model):
    """An address a tutor invited into a run: one per run and address, so uploading the same
    file again invites nobody twice. The link's token is random, made when the e-mail is sent
    (again, if a send failed) and kept only as its SHA-256: the table alone opens nothing."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("run_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    email: Mapped[str] = mapped_column(String(254))  # normalised as accounts stores addresses
    language: Mapped[str] = mapped_column(String(16))  # the course's (or the site's default): the e-mail is written in it
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())  # a sender holds it until then
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # the account that accepted it
