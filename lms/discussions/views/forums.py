"""Discussions: forums pages."""

from lms.discussions.views import bp  # noqa: F401
