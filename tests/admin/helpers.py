"""Builders for the administration's tests: an administrator logged in on a client of their own."""

from __future__ import annotations

from datetime import datetime

from flask.testing import FlaskClient

from lms.accounts.models import User
from lms.core.extensions import db
from tests.factories import log_in, make_user


def make_admin_client(app, *, now: datetime, name: str = "Ann Admin") -> tuple[User, FlaskClient]:
    admin = make_user(email="admin@example.org", name=name, now=now)
    admin.is_admin = True
    db.session.commit()
    client = app.test_client()
    log_in(client, admin.email)
    return admin, client
