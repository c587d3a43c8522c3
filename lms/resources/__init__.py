"""The resource library: teaching and training resources declared as files in ``resources/``,
searched with the database's own full text, faceted, rated and saved by practitioners, and
attached to course modules."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from lms.core.content_files import ContentKind, register


def init_app(app: Flask) -> None:
    """Resource files (and the ```resources blocks of the course Markdown) join ``flask courses
    validate|sync``; the folders are read from the app's settings at the time."""
    from lms.resources import services  # noqa: PLC0415  (services need the app's models loaded first)

    def folders() -> tuple[Path, Path, Path]:
        config = app.config
        return Path(config["RESOURCES_DIR"]), Path(config["CONTENT_DIR"]), Path(config["RESOURCES_CONTENT_DIR"])

    register(ContentKind(
        "resources",
        check=lambda courses_dir, course_slugs: services.check_files(*folders()),
        sync=lambda courses_dir, course_slugs, now: services.sync_files(*folders()[:2], course_slugs, now, files_dir=folders()[2]),
    ))
