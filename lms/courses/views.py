"""Course content served as files: the pictures module pages refer to."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

from lms.courses.catalog.module_file import SLUG

bp = Blueprint("courses", __name__)

ASSET_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


@bp.get("/assets/<course_slug>/<path:filename>")
def asset(course_slug: str, filename: str):
    """Images referenced by module Markdown, served from content/<course>/."""
    if Path(filename).suffix.lower() not in ASSET_TYPES or not SLUG.match(course_slug):
        abort(404)
    folder = Path(current_app.config["CONTENT_DIR"]) / course_slug
    response = send_from_directory(folder, filename, max_age=3600)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
