"""What accounts holds about a person, for privacy's export and erasure (lms.features.personal_data_parts).

The user row itself is anonymised, not deleted: enrolments, reviews and awards that other
people's results depend on keep pointing at it, and it then says nothing about anyone."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import delete, or_, select, update

from lms.accounts.models import LoginAttempt, LoginSession, RateLimitHit, RecoveryCode, User
from lms.accounts.services import hash_password
from lms.core.access import CourseStaff
from lms.core.db import lock_row
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext

BATCH = 500
ERASED_NAME = "—"

README = {
    "profile.json": lazy_gettext("Your account: name, e-mail address, time zone, languages and the choices you made on the account page."),
    "sessions.json": lazy_gettext("Your log-ins: when each began, the browser and network it came from, and when it was last used."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "profile.json", _profile(user_id)
    yield "sessions.json", _sessions(user_id)


def _profile(user_id: int) -> Iterator[dict]:
    user = db.session.get(User, user_id)
    yield {"name": user.name, "email": user.email, "timezone": user.timezone, "language": user.language,
           "reads_languages": list(user.reads_languages or []), "professional_role": user.professional_role,
           "country": user.country, "show_name_publicly": user.show_name_publicly,
           "discussion_email": user.discussion_email, "email_muted": list(user.email_muted or []),
           "created_at": user.created_at, "email_verified_at": user.email_verified_at,
           "last_active_at": user.last_active_at, "two_factor_enabled_at": user.totp_enabled_at}


def _sessions(user_id: int) -> Iterator[dict]:
    query = (select(LoginSession.created_at, LoginSession.revoked_at, LoginSession.user_agent, LoginSession.client,
                    LoginSession.last_seen_at).where(LoginSession.user_id == user_id).order_by(LoginSession.id))
    for row in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield row._asdict()


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def suspend(user_id: int, *, now: datetime) -> None:
    """At the moment erasure is asked for: the account cannot log in and every session ends."""
    db.session.execute(update(User).where(User.id == user_id, User.deactivated_at.is_(None)).values(deactivated_at=now))
    db.session.execute(update(User).where(User.id == user_id).values(session_token=secrets.token_hex(16)))
    db.session.execute(update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.revoked_at.is_(None))
                       .values(revoked_at=now))


def erase(user_id: int, *, now: datetime) -> list:
    """Last of all (privacy runs the parts from the top feature down): the row keeps its id and
    nothing else of the person. Their address is free to register again."""
    user = db.session.get(User, user_id)
    email = user.email
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    db.session.execute(delete(CourseStaff).where(CourseStaff.user_id == user_id))  # no course lists a nameless tutor
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.execute(delete(RateLimitHit).where(or_(RateLimitHit.key == email, RateLimitHit.key == str(user_id))))
    db.session.execute(update(User).where(User.id == user_id).values(
        email=f"erased-{user_id}@erased.invalid", name=ERASED_NAME, timezone="UTC", language="en", reads_languages=[],
        password_hash=hash_password(secrets.token_urlsafe(32)), session_token=secrets.token_hex(16),
        calendar_token=secrets.token_urlsafe(24), show_name_publicly=False, professional_role=None, country=None,
        email_muted=[], email_verified_at=None, is_admin=False, deactivated_at=user.deactivated_at or now, last_active_at=None,
        inactivity_warned_at=None, totp_secret_sealed=None, totp_enabled_at=None, totp_last_step=None))
    return []


def lock_person(user_id: int) -> None:
    """Serialise requests about one person (two clicks at once: the second waits, then sees the first)."""
    lock_row(User, user_id)


def mark_warned(user_ids: list[int], *, now: datetime) -> None:
    """Retention warned these idle accounts (once; activity after it keeps the account)."""
    db.session.execute(update(User).where(User.id.in_(user_ids)).values(inactivity_warned_at=now))
