"""Accounts: registration, log-in with a rate limit, sessions, passwords, the calendar secret."""

from __future__ import annotations

import hashlib
import math
import secrets
import unicodedata
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from lms.accounts.models import LoginAttempt, RateLimitHit, User
from lms.accounts.services.confirmation import confirm_password  # noqa: F401
from lms.accounts.services.sessions import (  # noqa: F401  (the feature's services, in one place)
    AccountDeactivated,
    EmailNotVerified,
    client_key,
    close_other_sessions,
    close_session,
    forget_ended_sessions,
    open_session,
    session_user_loader,
)
from lms.core.errors import InvalidCredentials, InvalidToken, NotFound, TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, in_language, is_language, languages, ngettext
from lms.core.jobs import SweepReport
from lms.core.mail import send_mail_soon

MIN_PASSWORD_LENGTH = 10
# zxcvbn's score (0-4) from its estimate of the guesses needed, which knows the passwords most
# often found in breaches, words, names, keyboard patterns and dates: 3 and up resists an
# offline attack on a slow hash. It reads at most ZXCVBN_MAX characters (more is slow, and a
# password that long is not the weak one).
MIN_PASSWORD_SCORE = 3
ZXCVBN_MAX = 72
def _hash_method() -> str:
    """PASSWORD_HASH_METHOD: scrypt by default; the test settings pick a cheap method so that
    making a user does not cost a quarter of a second. (A setting, like the secret key.)"""
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_hash_method())


def normalise_email(email: str) -> str:
    return email.strip().lower()


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why a password is too weak, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return gettext("Use at least %(num)d characters.", num=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    local = email.split("@")[0].lower()
    if (len(local) >= 4 and local in lowered) or (name and name.lower().replace(" ", "") == lowered):
        return gettext("Do not use your name or e-mail address as your password.")
    if zxcvbn(password[:ZXCVBN_MAX], user_inputs=[local, *name.split()])["score"] < MIN_PASSWORD_SCORE:
        return gettext("This password is common or too easy to guess (it appears in lists of breached "
                       "passwords or follows a known pattern). Try a short sentence of your own.")
    return None


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with another method or other parameters than the configured
    ones (werkzeug writes them before the first "$", e.g. "scrypt:32768:8:1")."""
    return password_hash.split("$", 1)[0] != _dummy_hash(_hash_method()).split("$", 1)[0]


# Bidirectional embeddings, overrides and isolates: they can make a name read backwards
# around the text next to it (in a list of reviewers, a certificate, a calendar).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def name_problem(name: str) -> str | None:
    """Why a display name cannot be used, or None. Control characters (line breaks, NUL, the
    C0 and C1 ranges), line and paragraph separators and bidi controls are refused: a name is
    one line of visible text wherever it is shown (pages, e-mail headers, the calendar feed)."""
    if not name.strip():
        return gettext("Enter your name.")
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") or c in _BIDI_CONTROLS for c in name):
        return gettext("Use letters, spaces and punctuation only: no line breaks or control characters.")
    return None


def _check_name(name: str) -> str:
    problem = name_problem(name)
    if problem:
        raise ValidationError("name", problem)
    return name.strip()


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("timezone", gettext("Choose a time zone from the list.")) from None
    return name


def register_user(
    *, email: str, name: str, password: str, timezone: str, language: str, now: datetime, verified: bool = True
) -> User:
    """A new account. ``verified``: whoever makes it vouches for the address (an administrator's
    command, an invitation that was e-mailed, the demo); the registration form passes False, and
    the person logs in once they follow the link sent to it (services.verification)."""
    email = normalise_email(email)
    _check_name(name)
    problem = password_problem(password, email=email, name=name)
    if problem:
        raise ValidationError("password", problem)
    check_timezone(timezone)
    language = _check_language(language)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise ValidationError("email", gettext("An account with this e-mail already exists. Log in or reset your password."))
    user = User(
        email=email, name=name.strip(), password_hash=hash_password(password),
        timezone=timezone, language=language, created_at=now, email_verified_at=now if verified else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # a double click raced past the check above
        raise ValidationError("email", gettext("An account with this e-mail already exists. Log in or reset your password.")) from None
    return user


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(16), method=method)


def _login_wait(email: str, client: str, *, now: datetime, max_failures: int, window: timedelta,
                max_delay: timedelta, account_wide: bool = True) -> None:
    """Refuse a try that comes too soon after failed ones for this account.

    From one client: after ``max_failures`` in the window, that client waits the window out
    (a guesser gets nowhere, the owner elsewhere is not affected). From everywhere together:
    after ``max_failures``, each further try waits 1, 2, 4 ... seconds after the last failure,
    never more than ``max_delay`` (many addresses guessing are slowed, the owner only delayed)."""
    recent = db.session.execute(
        select(LoginAttempt.attempted_at, LoginAttempt.client)
        .where(LoginAttempt.email == email, LoginAttempt.attempted_at > now - window)
        .order_by(LoginAttempt.attempted_at)
    ).all()
    mine = [at for at, who in recent if who == client]
    if len(mine) >= max_failures:
        raise TooManyAttempts(_seconds(mine[-max_failures] + window - now),
                              gettext("Too many failed log-ins for this account from your network."))
    if account_wide and len(recent) >= max_failures:
        delay = min(max_delay, timedelta(seconds=2 ** min(len(recent) - max_failures, 20)))
        if recent[-1].attempted_at + delay > now:
            raise TooManyAttempts(_seconds(recent[-1].attempted_at + delay - now),
                                  gettext("This account has had many failed log-ins, so each try must wait a little."))


def _seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def authenticate(email: str, password: str, *, now: datetime, max_failures: int, window: timedelta,
                 client: str = "unknown", max_delay: timedelta = timedelta(seconds=30), known_device: bool = False) -> User:
    """The user with these credentials. Failures are recorded per account and client, in the
    database so that every worker shares them (see ``_login_wait`` for how they slow tries).
    A ``known_device`` (``is_known_device``) is spared the account-wide delay that strangers cause."""
    email = normalise_email(email)
    if len(email) > 254:  # no account has such an address (and the table could not hold it)
        raise InvalidCredentials()
    _login_wait(email, client, now=now, max_failures=max_failures, window=window, max_delay=max_delay,
                account_wide=not known_device)
    user = db.session.scalar(select(User).where(User.email == email))
    # Hash even for an unknown address, so the answer takes as long either way.
    stored = user.password_hash if user else _dummy_hash(_hash_method())
    if not check_password_hash(stored, password) or user is None:
        db.session.add(LoginAttempt(email=email, client=client, attempted_at=now))
        raise InvalidCredentials()
    if user.deactivated_at is not None:  # said only to whoever knows the password
        raise AccountDeactivated()
    if user.email_verified_at is None:
        raise EmailNotVerified()
    if needs_rehash(user.password_hash):  # the settings changed since: the password is at hand now
        user.password_hash = hash_password(password)
    # The owner got in from here: this client's failures are forgiven; the others still count.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.client == client))
    return user


def known_device_token(user: User, *, secret_key: str) -> str:
    """Proof, kept in a cookie, that this browser has logged in to this account before: it spares
    the owner the account-wide delay that strangers' guesses cause (OWASP's device cookies)."""
    return URLSafeTimedSerializer(secret_key, salt="known-device").dumps({"email": user.email})


def is_known_device(token: str | None, email: str, *, secret_key: str, max_age: int) -> bool:
    if not token:
        return False
    try:
        data = URLSafeTimedSerializer(secret_key, salt="known-device").loads(token, max_age=max_age)
    except BadSignature:
        return False
    return isinstance(data, dict) and data.get("email") == normalise_email(email)


def change_password(user: User, *, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise ValidationError("current_password", gettext("Your current password is not correct."))
    set_password(user, new)


def set_password(user: User, new: str) -> None:
    problem = password_problem(new, email=user.email, name=user.name)
    if problem:
        raise ValidationError("password", problem)
    user.password_hash = hash_password(new)
    user.session_token = secrets.token_hex(16)  # ends every other session


def user_for_calendar(token: str) -> User:
    """The owner of a private calendar feed, found by the secret in its address."""
    user = db.session.scalar(select(User).where(User.calendar_token == token)) if token else None
    if user is None or not secrets.compare_digest(user.calendar_token, token):
        raise NotFound(gettext("No such calendar. The link may have been reset."))
    return user


def reset_calendar_token(user: User) -> str:
    """A new secret for the calendar feed: old links stop working."""
    user.calendar_token = secrets.token_urlsafe(24)
    return user.calendar_token


def update_profile(user: User, *, name: str, timezone: str, language: str, reads_languages: list[str] | None = None) -> None:
    """The account page's profile; ``reads_languages`` None leaves them as they are."""
    name = _check_name(name)
    user.name, user.timezone, user.language = name, check_timezone(timezone), _check_language(language)
    if reads_languages is not None:
        set_reads_languages(user, reads_languages)


def set_reads_languages(user: User, codes: list[str]) -> None:
    """The languages this person reads peers' work in (peer review offers work in them first),
    in the site's order, each once; empty: their interface language only."""
    if not all(is_language(code) for code in codes):
        raise ValidationError("reads_languages", gettext("Choose languages from the list."))
    user.reads_languages = [code for code in languages() if code in codes]


def set_language(user: User, language: str) -> None:
    """The language the person reads the site and their e-mails in (the footer's switch)."""
    user.language = _check_language(language)


def _check_language(language: str) -> str:
    if not is_language(language):
        raise ValidationError("language", gettext("Choose a language from the list."))
    return language


# Password reset: a signed, timed token bound to the current password hash, so it
# works once (the hash changes when it is used) and needs no table.

def _reset_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="password-reset")


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


# Per account, in the database so that every worker shares it. (Per client address, the
# view is limited with Flask-Limiter.)
RESET_LIMITS = {"reset-email": (3, timedelta(hours=1)), "verify-email": (3, timedelta(hours=1))}


def forget_old_attempts(*, now: datetime, keep: timedelta = timedelta(days=1)) -> SweepReport:
    """Delete failed log-ins and counted requests older than any limit looks back (``keep``),
    so the tables stay small however long an attack went on; running it again deletes nothing."""
    since = now - keep
    attempts = db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < since)).rowcount
    hits = db.session.execute(delete(RateLimitHit).where(RateLimitHit.at < since)).rowcount
    return SweepReport(recorded=attempts + hits)


def count_hit(scope: str, key: str, *, now: datetime) -> None:
    """Count one request against a limit held in the database (so every worker shares it)."""
    limit, window = RESET_LIMITS[scope]
    since = now - window
    recent = db.session.scalars(
        select(RateLimitHit.at).where(RateLimitHit.scope == scope, RateLimitHit.key == key, RateLimitHit.at > since)
        .order_by(RateLimitHit.at)
    ).all()
    if len(recent) >= limit:
        raise TooManyAttempts(max(1, math.ceil((recent[-limit] + window - now).total_seconds())),
                              gettext("Too many password-reset requests.") if scope == "reset-email"
                              else gettext("Too many requests for this link. Wait a while, then try again."))
    db.session.add(RateLimitHit(scope=scope, key=key, at=now))


def tell_two_factor_turned_off(user: User) -> None:
    """The e-mail that tells a person an administrator turned their two-factor sign-in off."""
    with in_language(user.language):
        subject = gettext("Two-factor sign-in is off for your account")
        text = "\n\n".join((
            gettext("Hello %(name)s,", name=user.name),
            gettext("An administrator turned two-factor sign-in off for your account, as you asked. Log in with your "
                    "password, then set it up again from your account's security page."),
            gettext("If you did not ask for this, reset your password and tell us at once."),
        ))
    send_mail_soon(user.email, subject, text + "\n")


def send_reset_link(user: User, link: str, *, max_age_seconds: int) -> None:
    """The password-reset e-mail, in the account's own language (whoever asked: the person or an
    administrator), sent after the commit."""
    minutes = max_age_seconds // 60
    with in_language(user.language):
        subject = gettext("Reset your password")
        text = "\n\n".join((
            gettext("Hello %(name)s,", name=user.name),
            ngettext("To choose a new password, open this link within %(num)d minute:",
                     "To choose a new password, open this link within %(num)d minutes:", minutes),
            link,
            gettext("If you did not ask for this, ignore this message: your password stays as it is."),
        ))
    send_mail_soon(user.email, subject, text + "\n")


def password_reset_token(email: str, *, secret_key: str, now: datetime) -> tuple[User, str] | None:
    """(user, token) for a known e-mail, None otherwise (the caller must not reveal which).
    Limited per e-mail address, across workers."""
    count_hit("reset-email", normalise_email(email), now=now)
    user = get_user_by_email(email)
    if user is None:
        return None
    return user, _reset_serializer(secret_key).dumps({"uid": user.id, "fp": _fingerprint(user)})


def user_for_reset(token: str, *, secret_key: str, max_age: int) -> User:
    """The account a reset link is for, while the link is good (unused: the password it was made
    for is still the account's) and the account open."""
    try:
        data = _reset_serializer(secret_key).loads(token, max_age=max_age)
    except BadSignature:
        raise InvalidToken() from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not secrets.compare_digest(_fingerprint(user), data.get("fp", "")):
        raise InvalidToken()
    if user.deactivated_at is not None:
        raise AccountDeactivated()
    return user


def reset_password(token: str, new: str, *, secret_key: str, max_age: int, now: datetime | None = None) -> User:
    """Set the new password; the link came to the address, so that proves it too (``now``). An
    account with two-factor sign-in has its code checked first (two_factor.reset_password)."""
    user = user_for_reset(token, secret_key=secret_key, max_age=max_age)
    set_password(user, new)
    if user.email_verified_at is None and now is not None:
        user.email_verified_at = now
    # Whoever failed to guess the old password, the owner is back in: nothing holds them up.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == user.email))
    return user
