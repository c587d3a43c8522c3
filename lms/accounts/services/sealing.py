"""Secrets the accounts feature keeps (a TOTP secret, a half-finished log-in), sealed by Fernet
under a key derived from SECRET_KEY, as wallets and awards seal theirs: a copy of the database
(or of a session cookie, which the browser can read) does not give them away."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _fernet(purpose: bytes) -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    if not secret:
        raise RuntimeError("LMS_SECRET_KEY must be set to keep two-factor secrets")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"lms accounts: " + purpose).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(value: str, *, purpose: bytes) -> str:
    return _fernet(purpose).encrypt(value.encode()).decode()


def open_sealed(sealed: str, *, purpose: bytes, max_age: int | None = None) -> str | None:
    """The value, or None when it cannot be opened (SECRET_KEY changed, tampered with, too old)."""
    try:
        return _fernet(purpose).decrypt(sealed.encode(), ttl=max_age).decode()
    except (InvalidToken, ValueError):
        return None
