"""What was awarded: badge assertions and course certificates; standalone badges (a programme's, an award
scheme's) and programme certificates that other features issue through lms.awards.services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint, false
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


class StandaloneBadgeClass(db.Model):
    """A badge issued outside any course (a programme's, an award scheme level's), by its slug: its words
    and artwork as last issued (the artwork's bytes are kept, so the badge outlives its file)."""

    __tablename__ = "standalone_badge_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    criteria: Mapped[str] = mapped_column(Text)  # Markdown
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    image: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only to serve or bake it
    image_kind: Mapped[str] = mapped_column(String(3))  # "png" or "svg"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StandaloneAward(db.Model):
    """One standalone badge to a person (hashed e-mail identity) or an organisation (its web address),
    once per ``source`` (what earned it, e.g. ``programme:<slug>:user:<id>``). Never deleted: revoked."""

    __tablename__ = "standalone_awards"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    source: Mapped[str] = mapped_column(String(200), unique=True)
    badge_class_id: Mapped[int] = mapped_column(ForeignKey("standalone_badge_classes.id"), index=True)
    recipient_kind: Mapped[str] = mapped_column(String(12))  # "person" or "organisation"
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    recipient_email: Mapped[str | None] = mapped_column(String(254))  # as it was when issued
    recipient_url: Mapped[str | None] = mapped_column(String(2000))
    recipient_name: Mapped[str] = mapped_column(String(200))
    salt: Mapped[str] = mapped_column(String(64))
    evidence: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{name, url, narrative}]
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    revocation_reason: Mapped[str | None] = mapped_column(Text)


class StandaloneCredential(_SignedCredential, db.Model):
    """A standalone award's Open Badges 3.0 credential, signed once; revoked with its award."""

    __tablename__ = "standalone_credentials"

    award_id: Mapped[int] = mapped_column(ForeignKey("standalone_awards.id", ondelete="CASCADE"), unique=True)


class ProgrammeCertificate(db.Model):
    """A programme's certificate with its transcript (one line per course, workshop or placement),
    once per ``source``; verifiable by its public id. Never deleted: revoked."""

    __tablename__ = "programme_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(40), unique=True)
    source: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    recipient_name: Mapped[str] = mapped_column(String(120))  # as printed
    hours: Mapped[float]
    lines: Mapped[list[dict]] = mapped_column(JSON, default=list)  # [{title, started_on, completed_on, hours, outcome}]
    issued_on: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revocation_reason: Mapped[str | None] = mapped_column(Text)
