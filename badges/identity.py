"""Recipient identity as Open Badges 2.0 expects it: ``sha256$`` + hex digest of e-mail + salt."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def hash_email(email: str, salt: str | None = None) -> tuple[str, str]:
    """Return (identity, salt); a fresh random salt unless one is given."""
    salt = secrets.token_hex(16) if salt is None else salt
    digest = hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}", salt


def verify_hashed_email(identity: str, email: str, salt: str) -> bool:
    expected, _ = hash_email(email, salt)
    # Bytes, not str: ``compare_digest`` raises TypeError on a non-ASCII str, and an
    # identity read from a badge someone hands us may contain anything.
    return hmac.compare_digest(expected.encode("utf-8"), identity.encode("utf-8"))
