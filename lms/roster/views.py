"""A run's enrolments for its tutors, under /tutor/courses/<course>/runs/<run>/enrolments."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("roster", __name__, template_folder="templates")
