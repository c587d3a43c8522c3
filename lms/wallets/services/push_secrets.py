"""The secrets this platform holds to present to wallets (its client secret there, a push's PKCE verifier),
sealed by Fernet under a key derived from SECRET_KEY (as awards seal their signing seeds): a copy of the
database alone does not give them away."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_INFO = b"lms wallets: secrets presented to wallets"


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    if not secret:
        raise RuntimeError("LMS_SECRET_KEY must be set to keep the secrets presented to wallets")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def open_sealed(sealed: str) -> str | None:
    """The secret, or None when it cannot be opened (SECRET_KEY changed since, or nothing was kept)."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except (InvalidToken, ValueError):
        return None
