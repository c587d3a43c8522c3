"""The pages of resources."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("resources", __name__, template_folder="templates")
