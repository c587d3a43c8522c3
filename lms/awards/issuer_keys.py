"""The issuer's Ed25519 keys for Open Badges 3.0: made, rotated, and read back to sign.

The private seed is kept encrypted with Fernet under a key derived (HKDF-SHA256) from
LMS_BADGE_KEY_SECRET, or from SECRET_KEY when that is not set: both come from configuration.
Changing that secret makes the stored seeds unreadable; rotate then (old keys stay published).
Nothing here ever hands the seed to a view: only signing (lms.awards.credentials) asks for it."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import select

from badges.ob3 import keys
from lms.awards.models import IssuerKey
from lms.core.extensions import db

_INFO = b"lms open badges 3.0 issuer key seeds"


def _fernet() -> Fernet:
    secret = current_app.config.get("BADGE_KEY_SECRET") or current_app.config["SECRET_KEY"]
    if not secret:
        raise RuntimeError("LMS_BADGE_KEY_SECRET or LMS_SECRET_KEY must be set to keep badge signing keys")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def rotate_key(*, now: datetime) -> IssuerKey:
    """A new signing key; the one signing until now is retired (still published, signs no more)."""
    for key in db.session.scalars(select(IssuerKey).where(IssuerKey.retired_at.is_(None))):
        key.retired_at = now
    seed = keys.new_private_key()
    key = IssuerKey(kid=secrets.token_urlsafe(9), public_key=keys.public_key(seed).hex(),
                    encrypted_seed=_fernet().encrypt(seed).decode(), created_at=now)
    db.session.add(key)
    db.session.flush()
    return key


def signing_key(*, now: datetime) -> IssuerKey:
    """The key that signs now (made on first use)."""
    key = db.session.scalar(select(IssuerKey).where(IssuerKey.retired_at.is_(None))
                            .order_by(IssuerKey.created_at.desc(), IssuerKey.id.desc()).limit(1))
    return key or rotate_key(now=now)


def seed_of(key: IssuerKey) -> bytes:
    return _fernet().decrypt(key.encrypted_seed.encode())


def published_keys() -> list[IssuerKey]:
    """Every key ever made, oldest first: all stay resolvable."""
    return list(db.session.scalars(select(IssuerKey).order_by(IssuerKey.created_at, IssuerKey.id)))


def published_key(kid: str) -> IssuerKey | None:
    return db.session.scalar(select(IssuerKey).where(IssuerKey.kid == kid))
