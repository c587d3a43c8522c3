"""Accounts seen and steered by an administrator: search, one person's page, roles, deactivation
and a password reset. Every change to someone's account writes an audit row in the same
transaction. An administrator cannot take away their own admin role nor lock themselves out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lms.accounts import services as accounts
from lms.accounts.services import two_factor
from lms.admin import queries
from lms.core.access import grant_teaching, revoke_teaching
from lms.core.audit import record_audit
from lms.core.errors import NotFound, ValidationError
from lms.core.i18n import gettext
from lms.core.keyset import Cursor

if TYPE_CHECKING:
    from lms.accounts.models import User

PAGE_SIZE = 50


@dataclass(frozen=True)
class UserList:
    rows: list
    previous: dict[str, int] | None  # the query string of the page before ({} : the first page); None on the first
    next: dict[str, int] | None


def search_users(search: str, cursor: Cursor, *, size: int = PAGE_SIZE) -> UserList:
    """One page of accounts in e-mail order; no count of all of them, so a page costs the same
    with ten accounts or a million."""
    rows = queries.user_rows(search, cursor, size)
    more = len(rows) > size
    rows = rows[:size]
    if cursor.backwards:
        rows.reverse()
        previous = {"before": rows[0].id} if more else None
        following = {"after": rows[-1].id} if rows else None
    else:
        previous = ({"before": rows[0].id} if rows else {}) if cursor.after is not None else None
        following = {"after": rows[-1].id} if more else None
    return UserList(rows, previous, following)


@dataclass(frozen=True)
class UserDetail:
    user: User
    teaches: list
    enrolments: int


def get_user(user_id: int) -> User:
    user = queries.get_user(user_id)
    if user is None:
        raise NotFound(gettext("No such account."))
    return user


def user_detail(user_id: int) -> UserDetail:
    user = get_user(user_id)
    return UserDetail(user, queries.courses_taught_by(user.id), queries.enrolment_count(user.id))


def set_admin(actor, user_id: int, *, admin: bool, now: datetime) -> bool:
    """Give or take the administrator role; True if it changed."""
    user = get_user(user_id)
    if not admin and user.id == actor.id:
        raise ValidationError("admin", gettext("You cannot remove your own administrator role: "
                                               "ask another administrator to do it."))
    if user.is_admin == admin:
        return False
    user.is_admin = admin
    record_audit(action="role.grant" if admin else "role.revoke", now=now, actor_id=actor.id, subject_user_id=user.id,
                 target_kind="user", target_id=user.id, details={"role": "admin"})
    return True


def set_tutor(actor, user_id: int, course_id: int, *, tutor: bool, now: datetime) -> bool:
    """Make the person a tutor of the course, or no longer one; True if it changed."""
    user = get_user(user_id)
    course = queries.get_course(course_id)
    if course is None:
        raise ValidationError("course", gettext("Choose a course from the list."))
    changed = grant_teaching(user.id, course.id) if tutor else revoke_teaching(user.id, course.id)
    if changed:
        record_audit(action="role.grant" if tutor else "role.revoke", now=now, actor_id=actor.id,
                     subject_user_id=user.id, target_kind="course", target_id=course.id,
                     details={"role": "tutor", "course": course.slug})
    return changed


def set_tutor_by_email(actor, email: str, course_id: int, *, now: datetime) -> User:
    user = queries.user_by_email(email)
    if user is None:
        raise ValidationError("email", gettext("No account uses this address."))
    set_tutor(actor, user.id, course_id, tutor=True, now=now)
    return user


def deactivate(actor, user_id: int, *, reason: str, now: datetime) -> User:
    """The account can no longer be used: every session ends now. Nothing is deleted."""
    user = get_user(user_id)
    if user.id == actor.id:
        raise ValidationError("reason", gettext("You cannot deactivate your own account."))
    if user.deactivated_at is None:
        user.deactivated_at = now
        accounts.close_other_sessions(user, None, now=now)
        record_audit(action="account.deactivate", now=now, actor_id=actor.id, subject_user_id=user.id,
                     target_kind="user", target_id=user.id, reason=reason.strip())
    return user


def reactivate(actor, user_id: int, *, now: datetime) -> User:
    user = get_user(user_id)
    if user.deactivated_at is not None:
        user.deactivated_at = None
        record_audit(action="account.reactivate", now=now, actor_id=actor.id, subject_user_id=user.id,
                     target_kind="user", target_id=user.id)
    return user


def turn_off_two_factor(actor, user_id: int, *, reason: str, now: datetime) -> User:
    """For someone who lost their phone and their recovery codes: the administrator says how they
    made sure it is them, and the audit log keeps it. Their sessions end; they are told by e-mail."""
    user = get_user(user_id)
    if not reason.strip():
        raise ValidationError("reason", gettext("Say how you made sure the request comes from the account's owner."))
    if two_factor.switch_off(user):
        accounts.close_other_sessions(user, None, now=now)
        record_audit(action="account.two_factor_off", now=now, actor_id=actor.id, subject_user_id=user.id,
                     target_kind="user", target_id=user.id, reason=reason.strip())
    return user


def start_password_reset(actor, user_id: int, *, secret_key: str, now: datetime) -> tuple[User, str]:
    """A reset link for the person (the caller e-mails it to them, as the forgot-password page does).
    Limited per address like that page (TooManyAttempts)."""
    user = get_user(user_id)
    found = accounts.password_reset_token(user.email, secret_key=secret_key, now=now)
    if found is None:  # the address changed under us
        raise NotFound(gettext("No such account."))
    record_audit(action="account.password_reset", now=now, actor_id=actor.id, subject_user_id=user.id,
                 target_kind="user", target_id=user.id)
    return found
