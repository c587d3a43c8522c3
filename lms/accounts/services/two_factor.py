"""Two-factor sign-in with a TOTP authenticator (pyotp): enrolment with a QR code (segno),
ten one-time recovery codes kept as hashes, codes that work once (users.totp_last_step) and
wrong codes limited per account like wrong passwords (the login_attempts table)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from lms.accounts.models import LoginAttempt, RecoveryCode, User
from lms.accounts.services import _login_wait, confirm_password, user_for_reset
from lms.accounts.services import reset_password as _set_new_password
from lms.accounts.services.sealing import keyed_digest, open_sealed, seal
from lms.core.errors import DomainError, InvalidCredentials, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext

SECRET_PURPOSE = b"totp secrets"
RECOVERY_PURPOSE = b"recovery codes"
RECOVERY_CODES = 10
ROLES = ("learner", "tutor", "admin")


class WrongCode(InvalidCredentials):
    def __init__(self, message: str | None = None) -> None:
        DomainError.__init__(self, message or gettext("That code is not right. Enter the current code from your app, "
                                                      "or one of your recovery codes."))


def is_enabled(user) -> bool:
    return user.totp_enabled_at is not None


def required_roles(setting: str | Iterable[str] | None) -> frozenset[str]:
    """REQUIRE_2FA_FOR as a set: the environment gives "tutor,admin", a settings file a list."""
    names = setting.split(",") if isinstance(setting, str) else (setting or ())
    return frozenset(name.strip().lower() for name in names if name.strip().lower() in ROLES)


def is_required(user, roles: frozenset[str]) -> bool:
    """Whether this person must use two-factor sign-in: every signed-in person is a learner."""
    return bool(roles) and ("learner" in roles or ("tutor" in roles and user.is_tutor_anywhere)
                            or ("admin" in roles and user.is_admin))


def start_enrolment(user: User, *, password: str, now: datetime) -> str:
    """A fresh secret, kept sealed until a first code proves the authenticator holds it. The password
    is asked first: a session left open must not let someone else tie the account to their phone."""
    if is_enabled(user):
        raise DomainError(gettext("Two-factor sign-in is already on."))
    confirm_password(user.id, password, now=now)
    secret = pyotp.random_base32()
    user.totp_secret_sealed = seal(secret, purpose=SECRET_PURPOSE)
    return secret


def pending_secret(user) -> str | None:
    """The secret of an enrolment begun but not confirmed."""
    if is_enabled(user) or not user.totp_secret_sealed:
        return None
    return open_sealed(user.totp_secret_sealed, purpose=SECRET_PURPOSE)


def qr_code(user, secret: str, *, issuer: str) -> str:
    """The authenticator's set-up address as a QR code in an SVG data: URI (the CSP allows data: images)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2, dark="#000", light="#fff")


def _step_matching(secret: str, code: str, now: datetime) -> int | None:
    """The time step (of 30 s) whose code this is, allowing one step of clock drift either way."""
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // totp.interval
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()[:64]


def _hash_recovery(code: str) -> str:
    # Recovery codes are 60 random bits and their digest is keyed by the site's secret: guessing one
    # on the site is hopeless at the log-in limits, and a copy of the table alone gives none away.
    return keyed_digest(_clean(code), purpose=RECOVERY_PURPOSE)


def confirm_enrolment(user: User, code: str, *, now: datetime) -> list[str]:
    """Turn two-factor sign-in on with a first code; the recovery codes, to show once."""
    secret = pending_secret(user)
    if secret is None:
        raise DomainError(gettext("Start the set-up again: the secret was not found."))
    step = _step_matching(secret, _clean(code), now)
    if step is None:
        raise ValidationError("code", gettext("That code is not right. Check the time on your phone and "
                                              "enter the code your app shows now."))
    user.totp_enabled_at, user.totp_last_step = now, step
    return _new_recovery_codes(user, now=now)


def _spend_step(user: User, step: int) -> bool:
    """Use up this time step: one conditional UPDATE that only a newer step passes, so two requests
    carrying the same code at the same moment cannot both get in (the second finds the row changed)."""
    spent = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False)
    ).rowcount
    if spent:
        set_committed_value(user, "totp_last_step", step)
    return bool(spent)


def _new_recovery_codes(user: User, *, now: datetime) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join(secrets.token_hex(8)[i:i + 5] for i in (0, 5, 10)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_recovery(code), created_at=now) for code in codes)
    return codes


def check_code(user: User, code: str, *, now: datetime, client: str, max_failures: int, window: timedelta,
               max_delay: timedelta) -> None:
    """Accept a current authenticator code (once: a replayed one is refused) or an unused recovery
    code; wrong ones are counted per account and client like wrong passwords, and slow further tries."""
    key = f"2fa:{user.id}"
    _login_wait(key, client, now=now, max_failures=max_failures, window=window, max_delay=max_delay)
    cleaned = _clean(code)
    secret = open_sealed(user.totp_secret_sealed or "", purpose=SECRET_PURPOSE)
    if secret and cleaned.isdigit() and len(cleaned) == 6:
        step = _step_matching(secret, cleaned, now)
        if step is not None and _spend_step(user, step):
            return
        if step is not None:
            _count_failure(key, client, now)
            raise WrongCode(gettext("That code was used already. Wait for the next one in your app."))
    elif cleaned:
        used = db.session.execute(
            update(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_recovery(cleaned),
                                       RecoveryCode.used_at.is_(None)).values(used_at=now)
        ).rowcount
        if used:
            return
    _count_failure(key, client, now)
    raise WrongCode()


def _count_failure(key: str, client: str, now: datetime) -> None:
    db.session.add(LoginAttempt(email=key, client=client, attempted_at=now))


def renew_recovery_codes(user: User, code: str, *, now: datetime, **limits) -> list[str]:
    """Ten new recovery codes (the old ones stop working), for a code from the app or a recovery code."""
    if not is_enabled(user):
        raise DomainError(gettext("Two-factor sign-in is off."))
    check_code(user, code, now=now, **limits)
    return _new_recovery_codes(user, now=now)


def recovery_codes_left(user_id: int) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)))


def disable(user: User, *, password: str, code: str, now: datetime, **limits) -> None:
    """Turn two-factor sign-in off: it takes the password and a code (``limits`` as for ``check_code``)."""
    confirm_password(user.id, password, now=now)
    check_code(user, code, now=now, **limits)
    switch_off(user)


def switch_off(user: User) -> bool:
    """Two-factor sign-in off, its secret and recovery codes gone. True if it was on. (The person does
    it with their password and a code; an administrator for someone who lost both, audited.)"""
    was_on = is_enabled(user)
    user.totp_secret_sealed = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    return was_on


def reset_needs_code(token: str, *, secret_key: str, max_age: int) -> bool:
    """Whether a (good) reset link's account also asks for a code on the reset page."""
    try:
        return is_enabled(user_for_reset(token, secret_key=secret_key, max_age=max_age))
    except DomainError:
        return False


def reset_password(token: str, new: str, *, code: str, secret_key: str, max_age: int, now: datetime, **limits) -> User:
    """A password reset. The link proves the address; an account with two-factor sign-in also gives a
    code, checked before anything changes, so that a mailbox alone cannot take the account over."""
    user = user_for_reset(token, secret_key=secret_key, max_age=max_age)
    if is_enabled(user):
        if not code:
            raise ValidationError("code", gettext("Enter the code from your app, or one of your recovery codes."))
        check_code(user, code, now=now, **limits)
    return _set_new_password(token, new, secret_key=secret_key, max_age=max_age, now=now)
