"""Retention, with an explicit ``now``: idle accounts are warned once, then erased unless they came
back; registrations never verified are erased after UNVERIFIED_ACCOUNT_DAYS."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.privacy import jobs
from tests.conftest import NOW
from tests.factories import make_user

YEARS_3 = timedelta(days=3 * 365)


def _person(*, idle_for: timedelta, verified: bool = True, admin: bool = False) -> User:
    user = make_user(now=NOW - idle_for)
    user.last_active_at = NOW - idle_for
    user.email_verified_at = NOW - idle_for if verified else None
    user.is_admin = admin
    db.session.commit()
    return user


def _warnings(user: User) -> int:
    return len(db.session.scalars(select(Notification.id).where(Notification.user_id == user.id,
                                                                Notification.kind == "account_inactive")).all())


def _erased(user: User) -> bool:
    db.session.expire_all()
    return db.session.get(User, user.id).email.endswith("@erased.invalid")


def test_an_idle_account_is_warned_once_by_email(app):
    idle, active = _person(idle_for=YEARS_3 + timedelta(days=1)), _person(idle_for=timedelta(days=10))
    jobs.retention(NOW)
    jobs.retention(NOW + timedelta(hours=6))
    assert _warnings(idle) == 1 and _warnings(active) == 0
    warning = db.session.scalar(select(Notification).where(Notification.user_id == idle.id))
    assert warning.email_status == "pending"  # the e-mail job sends it
    db.session.expire_all()
    assert db.session.get(User, idle.id).inactivity_warned_at == NOW


def test_a_warned_account_is_erased_after_the_warning_period_unless_it_came_back(app):
    gone, back = _person(idle_for=YEARS_3 + timedelta(days=1)), _person(idle_for=YEARS_3 + timedelta(days=1))
    jobs.retention(NOW)
    back.last_active_at = NOW + timedelta(days=5)
    db.session.commit()
    jobs.retention(NOW + timedelta(days=29))
    jobs.erase_accounts(NOW + timedelta(days=29))
    assert not _erased(gone)  # the warning period is not over
    later = NOW + timedelta(days=31)
    jobs.retention(later)
    assert jobs.erase_accounts(later) == 1
    assert _erased(gone) and not _erased(back)


def test_an_account_back_after_a_warning_is_warned_again_when_it_goes_idle_again(app):
    user = _person(idle_for=YEARS_3 + timedelta(days=1))
    jobs.retention(NOW)
    user.last_active_at = NOW + timedelta(days=1)
    db.session.commit()
    jobs.retention(NOW + YEARS_3 + timedelta(days=2))
    assert _warnings(user) == 2


def test_a_registration_never_verified_is_erased_after_seven_days(app):
    old, young = _person(idle_for=timedelta(days=8), verified=False), _person(idle_for=timedelta(days=6), verified=False)
    verified = _person(idle_for=timedelta(days=30))
    jobs.retention(NOW)
    jobs.erase_accounts(NOW)
    assert _erased(old) and not _erased(young) and not _erased(verified)


def test_administrators_are_never_erased_by_retention(app):
    admin = _person(idle_for=YEARS_3 * 2, verified=False, admin=True)
    jobs.retention(NOW)
    jobs.retention(NOW + timedelta(days=40))
    jobs.erase_accounts(NOW + timedelta(days=40))
    assert not _erased(admin) and _warnings(admin) == 0
