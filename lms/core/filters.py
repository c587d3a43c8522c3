"""Template helpers: dates, times and durations in the reader's language and time zone (Babel)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, format_timedelta
from babel.numbers import format_decimal, format_percent
from flask import Flask, current_app
from flask_login import current_user

from lms.core import clock
from lms.core.i18n import formatting_locale, ngettext
from lms.core.text import language_name


def viewer_timezone() -> str:
    if current_user.is_authenticated:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def localtime(value: datetime | None, zone: str | None = None) -> str:
    """'Mon, 25 Sept 2017, 09:00 CEST' ('lun. 25 sept. 2017, 09:00 CEST' ...) in the given zone,
    or the viewer's, in the language being drawn."""
    if value is None:
        return ""
    return _local_time(value, zone or viewer_timezone(), formatting_locale())


def localdate(value: datetime | None, zone: str | None = None) -> str:
    """'25 September 2017' ('25 septembre 2017', '25. September 2017' ...)."""
    if value is None:
        return ""
    return _local_date(value, zone or viewer_timezone(), formatting_locale())


# A page shows the same few opening times to everyone: Babel's formatting (about 17 µs a date)
# is done once per instant, zone and language.
@lru_cache(maxsize=4096)
def _local_time(value: datetime, zone: str, language: str) -> str:
    local = value.astimezone(ZoneInfo(zone))
    day = format_skeleton("yMMMEd", local, locale=language)
    return f"{day}, {format_time(local, 'HH:mm', locale=language)} {local.strftime('%Z')}"


@lru_cache(maxsize=4096)
def _local_date(value: datetime, zone: str, language: str) -> str:
    return format_date(value.astimezone(ZoneInfo(zone)), "long", locale=language)


def localinput(value: datetime | None, zone: str | None = None) -> str:
    """The value of an <input type="datetime-local"> in the viewer's zone."""
    return value.astimezone(ZoneInfo(zone or viewer_timezone())).strftime("%Y-%m-%dT%H:%M") if value else ""


def isotime(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def fromiso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def hours(minutes: int) -> str:
    """'45 min', '1 hour', '2.5 hours' ('2,5 heures') in the language being drawn."""
    if minutes < 60:
        return ngettext("%(num)d min", "%(num)d min", minutes)
    value = round(minutes / 60, 1)
    return ngettext("%(amount)s hour", "%(amount)s hours", _plural_count(value),
                    amount=format_decimal(value, locale=formatting_locale()))


def _plural_count(value: float) -> int:
    """A whole number that takes the same plural form as ``value`` in the language being drawn:
    gettext's plural rules see only whole numbers, and CLDR's say 1.5 is singular in French
    ("1,5 heure") but plural in English ("1.5 hours")."""
    if value == int(value):
        return int(value)
    return 1 if Locale.parse(formatting_locale()).plural_form(value) == "one" else 2


def number(value: float, format: str | None = None) -> str:
    """1,234 (1 234 in French); ``format`` a Babel pattern such as '0.0' for one decimal."""
    return _number(value, format, formatting_locale())


def percent(part: float, whole: float) -> str:
    """part of whole as a whole percentage: '33%' ('33 %' in French)."""
    return _percent(part / whole if whole else 0, formatting_locale())


# A tutor's grid writes hundreds of figures a page, mostly the same few: Babel's formatting
# (about 40 µs each) is done once per value and language.
@lru_cache(maxsize=8192)
def _number(value: float, format: str | None, language: str) -> str:
    return format_decimal(value, format=format, locale=language)


@lru_cache(maxsize=8192)
def _percent(ratio: float, language: str) -> str:
    return format_percent(ratio, locale=language)


def relative(value: datetime | None, now: datetime | None = None) -> str:
    """'in 3 days', 'il y a 2 heures': from ``now`` (the instant the page's figures are as of, when
    they were kept; the request's now otherwise), in the language being drawn."""
    if value is None:
        return ""
    return format_timedelta(value - (now or clock.now()), add_direction=True, threshold=1.0, locale=formatting_locale())


def init_app(app: Flask) -> None:
    app.add_template_filter(localtime)
    app.add_template_filter(localdate)
    app.add_template_filter(isotime)
    app.add_template_filter(hours)
    app.add_template_filter(fromiso)
    app.add_template_filter(localinput)
    app.add_template_filter(language_name)
    app.add_template_filter(relative)
    app.add_template_filter(number)
    app.add_template_filter(percent)
    app.context_processor(lambda: {"viewer_timezone": viewer_timezone})
