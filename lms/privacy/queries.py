"""Privacy's read-only window onto the accounts table: who retention is due for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.privacy.models import AccountErasure

not_queued = ~select(AccountErasure.id).where(AccountErasure.user_id == User.id).exists()


def inactive_unwarned(before: datetime, limit: int) -> list[int]:
    """Accounts (not administrators', nor those an administrator deactivated) idle since before
    ``before`` and not warned since they were last active."""
    idle_since = func.coalesce(User.last_active_at, User.created_at)
    return list(db.session.scalars(select(User.id).where(
        idle_since < before, User.inactivity_warned_at.is_(None) | (User.inactivity_warned_at < idle_since), User.is_admin.is_(False), User.deactivated_at.is_(None),
        not_queued).order_by(User.id).limit(limit)))


def warned_and_gone(warned_before: datetime, limit: int) -> list[int]:
    """Warned before ``warned_before`` and not seen since the warning."""
    return list(db.session.scalars(select(User.id).where(
        User.inactivity_warned_at < warned_before, User.is_admin.is_(False),
        (User.last_active_at.is_(None)) | (User.last_active_at <= User.inactivity_warned_at),
        not_queued).order_by(User.id).limit(limit)))


def unverified_before(before: datetime, limit: int) -> list[int]:
    return list(db.session.scalars(select(User.id).where(
        User.email_verified_at.is_(None), User.created_at < before, User.is_admin.is_(False), not_queued)
        .order_by(User.id).limit(limit)))
