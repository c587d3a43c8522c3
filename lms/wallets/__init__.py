"""Wallets: the Open Badges 3.0 API, both ways. As a provider, a learner's wallet registers here,
the learner consents, and the wallet reads their credentials with a scoped, revocable token. As a
client, the platform registers with the learner's wallet and pushes a credential to it
("Send to my wallet"): discovery, dynamic client registration, OAuth 2.0 code flow with PKCE."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The per-address limits on the provider's registration, token and discovery endpoints
    (Flask-Limiter, this app's storage)."""
    from lms.wallets.views.provider import limiter

    limiter.init_app(app)
