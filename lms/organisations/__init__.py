"""Organisations and their awards: schools, early-learning and community settings and libraries
as records with coordinators and staff; award schemes (TOML files in ``courses/award-schemes/``)
whose criteria count staff completions shared with consent, an evidence portfolio, and an
assessor's final decision; the award is an Open Badge whose recipient is the organisation."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from lms.core.content_files import ContentKind, register


def init_app(app: Flask) -> None:
    """Award scheme files join ``flask courses validate|sync``; their images are read from the
    content folder the app is configured with at the time of the check."""
    from lms.organisations import services

    def content_dir() -> Path:
        return Path(app.config["CONTENT_DIR"])

    register(ContentKind(
        "award-schemes",
        check=lambda courses_dir, course_slugs: services.check_files(courses_dir, course_slugs, content_dir=content_dir()),
        sync=lambda courses_dir, course_slugs, now: services.sync_files(courses_dir, course_slugs, now, content_dir=content_dir()),
    ))
