"""Passwords: refused when common or breached, rehashed at log-in when the settings change."""

from __future__ import annotations

import re

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from lms.accounts.models import User
from lms.core.extensions import db
from tests.conftest import NOW, submit
from tests.factories import PASSWORD, log_in, make_user


def register(client, password: str):
    return submit(client, "/register", {
        "name": "Grace Counsellor", "email": "grace@example.org", "password": password, "confirm": password,
        "timezone": "Europe/Lisbon", "language": "en",
    })


def test_a_breached_password_is_refused_at_the_field_and_the_form_keeps_what_was_typed(client):
    # Long enough, but among the passwords most often found in breaches.
    response = register(client, "iloveyou12345")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="password-error">This password is common or too easy to guess', html)
    assert 'value="grace@example.org"' in html and 'value="Grace Counsellor"' in html
    assert db.session.scalar(select(User.id).where(User.email == "grace@example.org")) is None


def test_a_keyboard_pattern_is_refused_when_changing_the_password(client):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = submit(client, "/account", {"password-current_password": PASSWORD, "password-password": "qwertyuiop12",
                                           "password-confirm": "qwertyuiop12"})
    assert response.status_code == 422
    assert "This password is common or too easy to guess" in response.get_data(as_text=True)
    assert log_in(client.application.test_client(), user.email).status_code == 302  # the old one still works


def test_a_hash_made_with_other_settings_is_replaced_at_the_next_log_in(app, client):
    user = make_user(now=NOW)
    user.password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:2")  # an older setting
    db.session.commit()
    assert log_in(client, user.email).status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    # The new hash still lets the owner in, and a wrong password does not change it.
    stored = user.password_hash
    assert log_in(app.test_client(), user.email).status_code == 302
    assert log_in(app.test_client(), user.email, "not the password").status_code == 401
    db.session.refresh(user)
    assert user.password_hash == stored
