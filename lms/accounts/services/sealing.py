"""Secrets the accounts feature keeps (a TOTP secret, a half-finished log-in), sealed by Fernet
under a key derived from SECRET_KEY, as wallets and awards seal theirs: a copy of the database
(or of a session cookie, which the browser can read) does not give them away."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _derived(purpose: bytes) -> bytes:
    secret = current_app.config["SECRET_KEY"]
    if not secret:
        raise RuntimeError("LMS_SECRET_KEY must be set to keep two-factor secrets")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lms accounts: " + purpose).derive(secret.encode())


def _fernet(purpose: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived(purpose)))


def keyed_digest(value: str, *, purpose: bytes) -> str:
    """HMAC-SHA256 of ``value`` under a key derived from SECRET_KEY: a copy of the database alone
    cannot be searched for the values by trying them all."""
    return hmac.new(_derived(purpose), value.encode(), hashlib.sha256).hexdigest()


def seal(value: str, *, purpose: bytes) -> str:
    return _fernet(purpose).encrypt(value.encode()).decode()


def open_sealed(sealed: str, *, purpose: bytes, max_age: int | None = None) -> str | None:
    """The value, or None when it cannot be opened (SECRET_KEY changed, tampered with, too old)."""
    try:
        return _fernet(purpose).decrypt(sealed.encode(), ttl=max_age).decode()
    except (InvalidToken, ValueError):
        return None
