"""The pages of events."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("events", __name__, template_folder="templates")
