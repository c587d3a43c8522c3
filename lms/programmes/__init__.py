"""Programmes: longer routes made of several courses (required ones and "N of these" electives),
workshops and a supervised placement, each declared in a TOML file in ``courses/programmes/``.
A learner who completes one earns the programme's Open Badge and a certificate with a transcript."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from lms.core.content_files import ContentKind, register


def init_app(app: Flask) -> None:
    """Programme files join ``flask courses validate|sync`` (their badge artwork is looked for in the
    content folder the app is configured with at the time); the catalogue lists programmes."""
    from lms.catalogue import services as catalogue  # noqa: PLC0415  (services need the app's models loaded first)
    from lms.programmes import services  # noqa: PLC0415

    def content_dir() -> Path:
        return Path(app.config["CONTENT_DIR"])

    register(ContentKind(
        "programmes",
        check=lambda courses_dir, course_slugs: services.check_files(courses_dir, course_slugs, content_dir=content_dir()),
        sync=lambda courses_dir, course_slugs, now: services.sync_files(courses_dir, course_slugs, now,
                                                                        content_dir=content_dir()),
    ))
    catalogue.register_programmes(services.programme_cards)
