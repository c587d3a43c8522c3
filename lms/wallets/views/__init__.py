"""Wallets' routes: one blueprint; the provider side (discovery, registration, consent, tokens, the
credentials API) and the client side (Send to my wallet) each in their own module."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("wallets", __name__, template_folder="../templates")

from lms.wallets.views import provider, push  # noqa: E402,F401  (routes on bp)
