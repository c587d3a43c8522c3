"""Proof that a person reads their e-mail address: the link sent at registration (no log-in
until it is followed, as in Moodle) and the one sent to a new address when it changes (the
change takes effect only then). Signed, timed tokens (itsdangerous, as the password reset),
each bound to the state it changes, so that it works once and needs no table."""

from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import User
from lms.accounts.services import confirm_password, count_hit, get_user_by_email, normalise_email
from lms.accounts.services.sessions import AccountDeactivated, EmailNotVerified  # noqa: F401
from lms.core.errors import InvalidToken, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext

# How long a link works unless EMAIL_LINK_MAX_AGE_SECONDS says otherwise: two days.
DEFAULT_MAX_AGE = 2 * 24 * 3600


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=purpose)


def verification_token(user: User, *, secret_key: str) -> str:
    return _serializer(secret_key, "verify-email").dumps({"uid": user.id, "email": user.email})


def _load(token: str, purpose: str, *, secret_key: str, max_age: int) -> dict:
    try:
        data = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except BadSignature:  # tampered with, or too old (SignatureExpired is one)
        raise InvalidToken() from None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        raise InvalidToken()
    return data


def check_verification(token: str, *, secret_key: str, max_age: int) -> User:
    """The person a verification link is for, while it can still be used (not used, not superseded)."""
    data = _load(token, "verify-email", secret_key=secret_key, max_age=max_age)
    user = db.session.get(User, data["uid"]) if data["uid"] < 2**63 else None
    if user is None or user.email_verified_at is not None or user.email != data.get("email"):
        raise InvalidToken()
    if user.deactivated_at is not None:
        raise AccountDeactivated()
    return user


def verify_email(token: str, *, secret_key: str, max_age: int, now: datetime) -> User:
    user = check_verification(token, secret_key=secret_key, max_age=max_age)
    user.email_verified_at = now
    return user


def resend_verification(email: str, *, now: datetime) -> User | None:
    """The unverified account at this address, to send its link again, or None (the caller
    answers the same either way). Limited per address, across workers."""
    count_hit("verify-email", normalise_email(email), now=now)
    user = get_user_by_email(email)
    if user is None or user.email_verified_at is not None or user.deactivated_at is not None:
        return None
    return user


def request_email_change(user: User, *, new_email: str, password: str, secret_key: str, now: datetime) -> str:
    """A token for the link sent to the new address; nothing changes until it is followed."""
    confirm_password(user.id, password, now=now)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise ValidationError("email", gettext("This is already your address."))
    if db.session.scalar(select(User.id).where(User.email == new_email)):
        raise ValidationError("email", gettext("Another account uses this address."))
    return _serializer(secret_key, "change-email").dumps({"uid": user.id, "old": user.email, "new": new_email})


def check_email_change(token: str, *, secret_key: str, max_age: int) -> tuple[User, str]:
    """(account, new address) while the link can still be used: the address it changes from is
    still the account's (so a used or superseded link does nothing)."""
    data = _load(token, "change-email", secret_key=secret_key, max_age=max_age)
    user = db.session.get(User, data["uid"]) if data["uid"] < 2**63 else None
    if user is None or user.email != data.get("old") or not isinstance(data.get("new"), str):
        raise InvalidToken()
    if user.deactivated_at is not None:  # closed (or being erased) since the link was sent
        raise AccountDeactivated()
    return user, data["new"]


def confirm_email_change(token: str, *, secret_key: str, max_age: int, now: datetime) -> tuple[User, str]:
    """Make the change; returns (account, old address) so that the old address can be told."""
    user, new_email = check_email_change(token, secret_key=secret_key, max_age=max_age)
    old = user.email
    taken = ValidationError("email", gettext("Another account now uses this address, so it cannot be yours too."))
    if db.session.scalar(select(User.id).where(User.email == new_email)):
        raise taken
    try:
        with db.session.begin_nested():
            user.email, user.email_verified_at = new_email, now
    except IntegrityError:  # taken between the check and the write
        raise taken from None
    return user, old
