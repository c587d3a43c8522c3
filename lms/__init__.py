"""The Flask application: ``create_app()`` reads as the list of steps that build it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

import config as settings


def create_app(config_object: type | None = None, **overrides) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    init_config(app, config_object, overrides)
    init_extensions(app)
    init_templates(app)
    init_blueprints(app)
    init_cli(app)
    return app


def init_config(app: Flask, config_object: type | None, overrides: dict) -> None:
    if config_object is None:
        name = os.environ.get("LMS_ENV", "development")
        config_object = {
            "development": settings.DevelopmentConfig,
            "production": settings.ProductionConfig,
        }[name]
    app.config.from_object(config_object)
    app.config.from_prefixed_env("LMS")
    app.config.update(overrides)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app)


def _instance_secret(app: Flask) -> str:
    """Outside production, keep a random key in instance/ so sessions survive restarts."""
    if app.config.get("SESSION_COOKIE_SECURE"):
        raise RuntimeError("Set LMS_SECRET_KEY in production.")
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def init_extensions(app: Flask) -> None:
    from lms import extensions

    extensions.init_app(app)


def init_templates(app: Flask) -> None:
    from lms.web import filters

    filters.init_app(app)


def init_blueprints(app: Flask) -> None:
    from lms.web import auth, badges, catalog, errors, learn, notifications, review, security, tutor

    for module in (auth, badges, catalog, learn, notifications, review, tutor):
        app.register_blueprint(module.bp)
    errors.init_app(app)
    security.init_app(app)


def init_cli(app: Flask) -> None:
    from lms import cli

    cli.init_app(app)
