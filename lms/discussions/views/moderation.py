"""Discussions: moderation pages."""

from lms.discussions.views import bp  # noqa: F401
