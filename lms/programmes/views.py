"""The pages of programmes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("programmes", __name__, template_folder="templates")
