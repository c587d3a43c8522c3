"""Verify a badge for anyone: the public /verify page, /verify.json for machines, and
``flask badges verify``; Open Badges 3.0 credentials and 2.0 assertions, ours or another issuer's."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The per-address limit on /verify.json (Flask-Limiter, this app's storage)."""
    from lms.verifier.views import limiter

    limiter.init_app(app)
