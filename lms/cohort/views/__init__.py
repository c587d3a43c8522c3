"""The tutors' pages of a run, under /tutor/courses/<course>/runs/<run>/: one blueprint, one
module per page family."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cohort", __name__, template_folder="../templates")

from lms.cohort.views import announcements, exports, learners, moderation, overview  # noqa: E402,F401  (routes on bp)
