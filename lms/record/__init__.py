"""The professional learning record: everything a practitioner learned here (courses, programmes,
events, badges, certificates, their own reflections if they choose) and elsewhere, tagged with the
standards of a professional framework (a TOML file in ``courses/standards/``), exported as PDF,
CSV and a zip of baked badges."""

from __future__ import annotations

from flask import Flask

from lms.core.content_files import ContentKind, register


def init_app(app: Flask) -> None:
    from lms.record import services  # noqa: PLC0415  (services need the app's models loaded first)

    register(ContentKind("standards", services.check_files, services.sync_files))
