"""Discussions' pages under /courses/<course>/discussions: one blueprint, one module per page family."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("discussions", __name__, template_folder="../templates")

from lms.discussions.views import following, forums, moderation, posts, search  # noqa: E402,F401  (routes on bp)
