"""Accounts: registration, log-in with server-side sessions and limits, passwords and
their reset, the profile, and the secret of each person's calendar feed."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from lms.accounts.services import configure_hashing

    configure_hashing(app.config["PASSWORD_HASH_METHOD"])
