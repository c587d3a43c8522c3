"""What was awarded: badge assertions and course certificates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db


class Assertion(db.Model):
    """One badge awarded to one learner in one run. Never deleted: revoked with a reason."""

    __tablename__ = "assertions"
    __table_args__ = (UniqueConstraint("badge_class_id", "user_id", "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)  # public id, in URLs
    badge_class_id: Mapped[int] = mapped_column(ForeignKey("badge_classes.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    recipient_email: Mapped[str] = mapped_column(String(254))  # as it was when issued
    salt: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime())
    evidence: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(Text)  # a tutor's manual award
    awarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)  # the revocation list's state
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Certificate(db.Model):
    """The course certificate: one per completed enrolment, verifiable by its public id."""

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"))
    recipient_name: Mapped[str] = mapped_column(String(120))  # as printed
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime())
    hours: Mapped[float]
    modules: Mapped[list[str]] = mapped_column(JSON, default=list)  # titles of the modules completed
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(Text)


class IssuerKey(db.Model):
    """An Ed25519 key the issuer signs Open Badges 3.0 credentials with. The newest key without
    ``retired_at`` signs; every key stays published, so what an older key signed still verifies.
    The private seed is stored encrypted (lms.awards.issuer_keys), never in a response."""

    __tablename__ = "issuer_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(40), unique=True)  # public id, in URLs
    public_key: Mapped[str] = mapped_column(String(64))  # 32 bytes, hex
    encrypted_seed: Mapped[str] = mapped_column(Text)  # Fernet token of the 32-byte seed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class _SignedCredential:
    """The columns of a signed Open Badges 3.0 credential: the JSON with its Data Integrity proof and the
    VC-JWT, as served, and the key that signed them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[str] = mapped_column(String(80), unique=True)  # urn:uuid:...
    key_id: Mapped[int] = mapped_column(ForeignKey("issuer_keys.id"))
    document: Mapped[str] = mapped_column(Text)  # the signed JSON, as served
    jwt: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when signed


class AwardCredential(_SignedCredential, db.Model):
    """An award's credential, signed once when it is made (again if its holder shares their work in
    it). Its revocation is its assertion's (the status list reads it)."""

    __tablename__ = "award_credentials"

    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id", ondelete="CASCADE"), unique=True)
    # The holder chose to share their own work (reflections, assignments) as evidence in it.
    shares_work: Mapped[bool] = mapped_column(default=False, server_default=false())


class ReplacedCredential(db.Model):
    """A credential its holder replaced (sharing their work in it, or no longer): published as revoked,
    with that reason, so that a copy handed out before tells a verifier to ask for the newer one."""

    __tablename__ = "replaced_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    credential_id: Mapped[str] = mapped_column(String(80), unique=True)
    assertion_id: Mapped[int] = mapped_column(ForeignKey("assertions.id", ondelete="CASCADE"), index=True)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CertificateCredential(_SignedCredential, db.Model):
    """A course certificate's credential (achievementType Certificate), signed once when the
    certificate is issued; revoked with its certificate."""

    __tablename__ = "certificate_credentials"

    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id", ondelete="CASCADE"), unique=True)
