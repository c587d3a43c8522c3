"""The password asked again before a step that cannot be undone (turning two-factor sign-in off,
changing the address, erasing the account), with a limit on wrong tries."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select
from werkzeug.security import check_password_hash

from lms.accounts.models import LoginAttempt, User
from lms.core.errors import TooManyAttempts, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext

CONFIRM_MAX_FAILURES = 5
CONFIRM_WINDOW = timedelta(minutes=15)


def confirm_password(user_id: int, password: str, *, now: datetime, field: str = "password") -> None:
    """Raise unless ``password`` is the signed-in person's own. Wrong tries are counted per account,
    each in its own transaction (the caller rolls its own back), and after five in a quarter of an
    hour the form waits. Only someone signed in as the owner can make these tries, so nobody else
    can hold the owner up with them."""
    key = f"confirm:{user_id}"
    since = now - CONFIRM_WINDOW
    failures, first = db.session.execute(
        select(func.count(), func.min(LoginAttempt.attempted_at))
        .where(LoginAttempt.email == key, LoginAttempt.attempted_at > since)).one()
    if failures >= CONFIRM_MAX_FAILURES:
        wait = math.ceil((first + CONFIRM_WINDOW - now).total_seconds())
        raise TooManyAttempts(max(1, wait), gettext("Too many wrong passwords. Wait a few minutes, then try again."))
    user = db.session.get(User, user_id)
    if user is not None and len(password) <= 1000 and check_password_hash(user.password_hash, password):
        return
    with db.engine.begin() as connection:
        connection.execute(insert(LoginAttempt).values(email=key, client="confirm", attempted_at=now))
    raise ValidationError(field, gettext("Your password is not correct."))
