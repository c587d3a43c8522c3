"""Settings an administrator may change while the site runs (/admin/settings): the site's name,
the privacy page's text and the default language. A value saved here wins over the configuration
file's; a setting never saved reads the configuration. Every page's header shows the site's name,
so the saved values are kept in each process for CACHE_SECONDS instead of costing every page a
query: a change shows at once in the process that saved it, within that time in the others."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from lms.core import clock
from lms.core.db import UTCDateTime
from lms.core.extensions import db
from lms.core.i18n import read_settings_with

# Each setting, and the configuration key that gives its value until an administrator saves one.
EDITABLE = {"site_name": "SITE_NAME", "privacy_text": "PRIVACY_TEXT", "default_language": "DEFAULT_LANGUAGE"}


class SiteSetting(db.Model):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


CACHE_SECONDS = 30


def saved_settings() -> dict[str, str]:
    """Every saved value: one query per process every CACHE_SECONDS (kept per app, so each test's
    app starts afresh)."""
    kept = current_app.extensions.get("site_settings")
    if kept is None or kept[0] <= clock.monotonic():
        values = dict(db.session.execute(select(SiteSetting.key, SiteSetting.value)).all())
        kept = current_app.extensions["site_settings"] = (clock.monotonic() + CACHE_SECONDS, values)
    return kept[1]


def site_setting(key: str) -> str:
    """The value in force: saved by an administrator, else the configuration's (empty if neither)."""
    if key not in EDITABLE:
        raise KeyError(key)
    saved = saved_settings().get(key)
    if saved is not None:
        return saved
    return str(current_app.config.get(EDITABLE[key]) or "")


def save_site_setting(key: str, value: str, *, by: int | None, now: datetime) -> None:
    """Save one value (the caller checks who may, and commits)."""
    if key not in EDITABLE:
        raise KeyError(key)
    row = db.session.get(SiteSetting, key)
    if row is None:
        db.session.add(SiteSetting(key=key, value=value, updated_at=now, updated_by=by))
    else:
        row.value, row.updated_at, row.updated_by = value, now, by
    current_app.extensions.pop("site_settings", None)  # this process sees the change at once


read_settings_with(site_setting)  # the default language and the page header read saved values
