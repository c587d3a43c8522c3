"""Accounts: registration, log-in with server-side sessions and limits, passwords and
their reset, the profile, and the secret of each person's calendar feed."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Flask-Limiter's per-address limits on the log-in and reset forms, with this app's
    storage (RATELIMIT_STORAGE_URI): each app counts afresh."""
    from lms.accounts.views import limiter

    limiter.init_app(app)
