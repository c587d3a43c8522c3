"""Accounts made by an operator, with the role they need."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from lms.accounts import services as accounts
from lms.core.errors import ValidationError
from lms.core.i18n import default_language, gettext
from lms.courses.services import staffing

if TYPE_CHECKING:
    from lms.accounts.models import User


def create_user(
    *, email: str, name: str, role: str, password: str | None, course_slug: str | None, now: datetime
) -> tuple[User, str | None]:
    """An account made by an administrator (or an existing one given a role): returns the
    user and a generated password, if one was made."""
    generated = None
    if password is None:
        generated = password = secrets.token_urlsafe(12)
    user = accounts.get_user_by_email(email)
    if user is None:
        user = accounts.register_user(email=email, name=name, password=password, timezone="UTC", language=default_language(), now=now)
    else:
        generated = None
    if role == "admin":
        user.is_admin = True
    elif role == "tutor":
        if not course_slug:
            raise ValidationError("course", gettext("A tutor needs --course SLUG."))
        staffing.make_tutor(user, course_slug)
    elif role != "learner":
        raise ValidationError("role", gettext("Unknown role “%(role)s”.", role=role))
    return user, generated
