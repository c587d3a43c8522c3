"""The tables of organisations: settings and their people, award schemes as synced from their files,
assessors, and applications with their evidence portfolio."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db

KINDS = ("school", "early-learning", "community-learning", "library")


class Organisation(db.Model):
    """A setting: a school, an early-learning setting, a community learning setting or a library."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    country: Mapped[str] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    region: Mapped[str] = mapped_column(String(120), default="")
    web_address: Mapped[str] = mapped_column(String(500))  # https, the badge's url identity
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Membership(db.Model):
    """A person in an organisation: ``status`` requested / member / refused; ``role`` member or
    coordinator; ``shares_completions`` their consent to count their completions (off by default)."""

    __tablename__ = "organisation_members"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_id"),
        Index("ix_organisation_members_queue", "organisation_id", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(12), default="member")
    shares_completions: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    consent_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AwardScheme(db.Model):
    """One ``courses/award-schemes/<slug>.toml``; ``spec`` keeps what the file declares, as checked."""

    __tablename__ = "award_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(16), default="en")
    spec: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_hash: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its file was removed


class Assessor(db.Model):
    """Someone who judges applications (a role, given by an administrator)."""

    __tablename__ = "award_assessors"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Application(db.Model):
    """An organisation's application for a level of a scheme: draft -> submitted -> decided (final).
    ``open_slot`` is 1 while it is a draft or submitted and NULL once decided, so that one
    organisation has at most one open application per scheme (NULLs never clash)."""

    __tablename__ = "award_applications"
    __table_args__ = (
        UniqueConstraint("organisation_id", "scheme_id", "open_slot"),
        Index("ix_award_applications_queue", "status", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("award_schemes.id"))
    level_slug: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    open_slot: Mapped[int | None] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    awarded_level: Mapped[str | None] = mapped_column(String(80))  # None: not awarded
    reason: Mapped[str] = mapped_column(Text, default="")
    judgements: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # rubric slug -> {verdict, comment}
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the criteria's counts when decided
    award_uid: Mapped[str | None] = mapped_column(String(40))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(Text)


class EvidenceEntry(db.Model):
    """A coordinator's answer to one evidence item of an application: Markdown, plus attachments."""

    __tablename__ = "award_evidence"
    __table_args__ = (UniqueConstraint("application_id", "evidence_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("award_applications.id"))
    evidence_slug: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)


class EvidenceAttachment(db.Model):
    """A file attached to an evidence entry, checked by its bytes and stored under a random key."""

    __tablename__ = "award_evidence_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("award_evidence.id"), index=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    mimetype: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column()
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
