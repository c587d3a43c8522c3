"""Template helpers: dates in the viewer's time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_login import current_user

from lms.core.text import language_name


def viewer_timezone() -> str:
    if current_user.is_authenticated:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def localtime(value: datetime | None, zone: str | None = None) -> str:
    """'Mon 25 Sep 2017, 09:00 CEST' in the given zone, or the viewer's."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(zone or viewer_timezone()))
    return local.strftime("%a %-d %b %Y, %H:%M %Z")


def localdate(value: datetime | None, zone: str | None = None) -> str:
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(zone or viewer_timezone())).strftime("%-d %B %Y")


def localinput(value: datetime | None, zone: str | None = None) -> str:
    """The value of an <input type="datetime-local"> in the viewer's zone."""
    return value.astimezone(ZoneInfo(zone or viewer_timezone())).strftime("%Y-%m-%dT%H:%M") if value else ""


def isotime(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def fromiso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def hours(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    value = round(minutes / 60, 1)
    return f"{value:g} hour{'s' if value != 1 else ''}"


def init_app(app: Flask) -> None:
    app.add_template_filter(localtime)
    app.add_template_filter(localdate)
    app.add_template_filter(isotime)
    app.add_template_filter(hours)
    app.add_template_filter(fromiso)
    app.add_template_filter(localinput)
    app.add_template_filter(language_name)
    # ngettext() in templates, English forms until translation catalogues exist (see core/text.py).
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_null_translations(newstyle=True)
    app.context_processor(lambda: {"viewer_timezone": viewer_timezone})
