"""Passwords are stored with scrypt under the production settings (the test settings use a
cheap method, so that this is the one place that pays for the real cost)."""

from __future__ import annotations

import config
from lms import create_app
from lms.accounts.services import authenticate, register_user
from lms.core.errors import InvalidCredentials
from lms.core.extensions import db
from tests.conftest import NOW


def test_production_settings_store_passwords_with_scrypt_and_check_them(tmp_path):
    from datetime import timedelta

    import pytest

    app = create_app(config.ProductionConfig, SECRET_KEY="x" * 32, DATABASE_URL=f"sqlite:///{tmp_path}/p.sqlite")
    with app.app_context():
        db.create_all()
        user = register_user(email="ada@example.org", name="Ada", password="a long enough phrase", timezone="UTC",
                             language="en", now=NOW)
        db.session.commit()
        assert user.password_hash.startswith("scrypt:")
        assert "a long enough phrase" not in user.password_hash
        window = timedelta(minutes=15)
        assert authenticate("ada@example.org", "a long enough phrase", now=NOW, max_failures=5, window=window).id == user.id
        with pytest.raises(InvalidCredentials):
            authenticate("ada@example.org", "a wrong phrase here", now=NOW, max_failures=5, window=window)
        db.session.remove()
        db.engine.dispose()
