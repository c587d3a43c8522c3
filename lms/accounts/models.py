"""People, their log-ins, and the counters that limit abuse."""

from __future__ import annotations

import secrets
from collections import namedtuple
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from lms.core.db import UTCDateTime
from lms.core.extensions import db

ROLES = ("learner", "tutor", "admin")
PROFESSIONAL_ROLES = ("head_of_school", "teacher", "careers_counsellor", "librarian", "early_years", "community",
                      "researcher", "other")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(16), default="en")
    # The languages this person can read peers' work in (language codes); empty means their
    # interface language only. Peer review offers them work in these first.
    reads_languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Rotated on password change so that every other session ends.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Whether public badge pages may show this person's name. (A certificate's verification
    # page always shows the name printed on it: that is what it verifies.)
    show_name_publicly: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What discussions show beside their name, if they chose to say: their work (PROFESSIONAL_ROLES)
    # and country (ISO 3166 code). Peer review never shows either.
    professional_role: Mapped[str | None] = mapped_column(String(32))
    country: Mapped[str | None] = mapped_column(String(2))
    # Replies in threads they follow by e-mail: "each" at once, "daily" in one digest, "off".
    discussion_email: Mapped[str] = mapped_column(String(8), default="daily", server_default="daily")
    # Notification kinds this person does not want by e-mail (they still see them in the app).
    email_muted: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # The secret in the URL of their private calendar feed; reset to revoke old links.
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=lambda: secrets.token_urlsafe(24))
    # When this person proved they read the address (the link sent at registration or on a change);
    # None until then. Accounts that never do are removed after 7 days (privacy retention).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by an administrator: the account cannot log in, its sessions are ended; nothing is deleted.
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last log-in or request of a session (kept to the day): retention counts inactivity from it.
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the retention job warned that the account will be erased for inactivity (cleared by activity).
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-factor sign-in: the TOTP secret, sealed (Fernet, key derived from SECRET_KEY); enabled once a
    # first code proved the authenticator holds it; the last time step used, so a code works once.
    totp_secret_sealed: Mapped[str | None] = mapped_column(String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None]

    # What the page header shows; a SessionUser carries them (a User loaded by id does not know).
    unread_count = 0
    is_tutor_anywhere = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


# Every column but the password hash, then what the page header needs.
SESSION_USER_FIELDS = tuple(column.key for column in User.__table__.columns if column.key != "password_hash")


class SessionUser(namedtuple("SessionUser", [*SESSION_USER_FIELDS, "is_tutor_anywhere", "unread_count"])):
    """The logged-in person as Flask-Login's ``current_user``: one Core row per request
    (accounts.services.session_user_loader), read by pages and services like a User.

    Read-only (setting a column raises): whatever changes the account loads the User by id
    (accounts.services.get_user) and changes that."""

    __slots__ = ()
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class LoginAttempt(db.Model):
    """A failed log-in for an account from a client, kept in the database so that the
    per-account limits hold across workers (Flask-Limiter's default storage is per process)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    client: Mapped[str] = mapped_column(String(64))  # accounts.services.client_key
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginSession(db.Model):
    """A server-side record of each log-in, so that logging out really ends it
    (a copied cookie stops working) and a password change ends the others."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the account page's list of active sessions shows: the browser and system (from the
    # User-Agent, as sent), the client address (IPv6 by /64), and when it was last used (updated
    # at most every few minutes, not on every request).
    user_agent: Mapped[str] = mapped_column(String(256), default="", server_default="")
    client: Mapped[str] = mapped_column(String(64), default="", server_default="")
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RecoveryCode(db.Model):
    """A one-time code that signs in instead of the authenticator; shown once, kept as a hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RateLimitHit(db.Model):
    """One counted request (e.g. a password-reset e-mail), shared by every worker."""

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_scope_key_at", "scope", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
