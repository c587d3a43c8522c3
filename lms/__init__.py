"""The Flask application: ``create_app()`` reads as the list of steps that build it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, session
from flask.cli import AppGroup

import config as settings
from lms import features


def create_app(config_object: type | None = None, **overrides) -> Flask:
    app = Flask(__name__, template_folder="core/templates", static_folder="core/static")
    init_config(app, config_object, overrides)
    init_extensions(app)
    init_templates(app)
    init_login(app)
    init_features(app)
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
    if "LMS_BASE_URL" not in os.environ and "BASE_URL" not in overrides:
        _served_base_url(app)
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app)


def _served_base_url(app: Flask) -> None:
    """The address `make run` serves on (``flask demo welcome`` records it), for URLs that
    commands print in other shells."""
    recorded = app.config.get("SERVED_BASE_URL_FILE")
    if recorded and Path(recorded).is_file():
        app.config["BASE_URL"] = Path(recorded).read_text().strip() or app.config["BASE_URL"]


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
    from lms.core import extensions, http_errors, odd_input, security

    features.load_models()
    extensions.init_app(app)
    http_errors.init_app(app)
    odd_input.init_app(app)  # before init_features adds the rules
    security.init_app(app)


def init_templates(app: Flask) -> None:
    from lms.core import conditional, filters, fragments, i18n

    i18n.init_app(app)
    filters.init_app(app)
    fragments.init_app(app)
    conditional.init_app(app)


def init_login(app: Flask) -> None:
    """The log-in loader: accounts finds the user (a light, read-only SessionUser); notifications
    adds the bell's count, in the same query, built once here."""
    from lms.accounts.services import session_user_loader
    from lms.core.extensions import login_manager
    from lms.notifications.services import unread_count_column

    load = session_user_loader(unread_count=unread_count_column())

    @login_manager.user_loader
    def load_user(session_id: str):
        return load(session_id, session.get("login"))


def init_features(app: Flask) -> None:
    """Each feature's blueprint, then its own set-up step if it has one."""
    for _, views in features.parts("views"):
        app.register_blueprint(views.bp)
    for _, package in features.parts(""):
        if hasattr(package, "init_app"):
            package.init_app(app)


def init_cli(app: Flask) -> None:
    """Each feature's command group; features that share a group name share the group."""
    from lms import scheduler

    groups: dict[str, AppGroup] = {}
    for group in [module.cli for _, module in features.parts("cli")] + [scheduler.cli]:
        merged = groups.setdefault(group.name, AppGroup(group.name, help=group.help))
        for command in group.commands.values():
            merged.add_command(command)
    for group in groups.values():
        app.cli.add_command(group)
