"""The pages of record."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("record", __name__, template_folder="templates")
