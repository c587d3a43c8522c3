"""Which language and time zone a page is drawn in, and gettext for Python code.

Flask-Babel holds the catalogues (``lms/translations/<lang>/LC_MESSAGES/messages.po``, compiled
by ``make translations``). The language of a request is, in this order: the person's saved
choice (their account, or the footer's switch remembered in a cookie for a visitor), the
browser's Accept-Language, then ``DEFAULT_LANGUAGE`` (``LMS_DEFAULT_LANGUAGE``). Work done
outside a request (the scheduler's e-mails) picks each recipient's language with ``in_language``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import Babel, force_locale, get_locale, get_translations
from flask_babel.speaklater import LazyString
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

LANGUAGE_COOKIE = "lms_language"
LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600

__all__ = ["gettext", "lazy_gettext", "lazy_ngettext", "ngettext", "in_language", "current_language",
           "languages", "is_language", "select_language", "LANGUAGE_COOKIE", "LANGUAGE_COOKIE_MAX_AGE",
           "language_names", "default_language", "formatting_locale"]


def _catalogue() -> NullTranslations:
    """The translations being drawn in, found once per request (and per ``in_language``):
    Flask-Babel looks them up anew on every call, about 14 µs, and a page asks hundreds of times."""
    if not has_app_context():
        return get_translations()
    found = g.get("_lms_catalogue")
    if found is None:
        found = g._lms_catalogue = get_translations()
    return found


def gettext(string: str, **variables) -> str:
    """``gettext("Welcome, %(name)s!", name=...)`` in the language being drawn."""
    text = _catalogue().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """``ngettext("%(num)d module", "%(num)d modules", n)``: the form for ``n`` in the language being drawn."""
    variables.setdefault("num", num)
    return _catalogue().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """gettext when the text is used, in the language being drawn then: for words fixed at import
    time (form labels, messages kept in constants)."""
    return LazyString(gettext, string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables) -> LazyString:
    return LazyString(ngettext, singular, plural, num, **variables)


def languages() -> list[str]:
    """The shipped languages, the default first."""
    return list(current_app.config["LANGUAGES"])


def is_language(code: object) -> bool:
    return isinstance(code, str) and code in current_app.config["LANGUAGES"]


def select_language() -> str:
    """The request's language: saved choice, then the browser's, then the site's default."""
    if not has_request_context():
        return default_language()
    if current_user and current_user.is_authenticated and is_language(current_user.language):
        choice = current_user.language
    elif is_language(request.cookies.get(LANGUAGE_COOKIE)):
        choice = request.cookies[LANGUAGE_COOKIE]
    else:
        choice = request.accept_languages.best_match(current_app.config["LANGUAGES"])
    return choice or default_language()


def default_language() -> str:
    """The administrator's choice (site settings), else LMS_DEFAULT_LANGUAGE, if shipped."""
    code = _saved_default() or current_app.config.get("DEFAULT_LANGUAGE", "en")
    return code if is_language(code) else current_app.config["LANGUAGES"][0]


# The settings an administrator saved (lms.core.site_settings, which needs the extensions, which
# need this module, so it hands its reader in when it is imported, before any app is built).
_setting_reader: Callable[[str], str] = lambda key: ""


def read_settings_with(reader: Callable[[str], str]) -> None:
    global _setting_reader
    _setting_reader = reader


def saved_setting(key: str) -> str:
    """A site setting in force (for templates: the site's name); "" while the database is out of
    reach, since the error page still needs a language and a title."""
    try:
        return _setting_reader(key)
    except SQLAlchemyError:
        return ""


def _saved_default() -> str:
    return saved_setting("default_language")


def select_timezone() -> str:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.timezone
    return current_app.config["DEFAULT_TIMEZONE"]


def current_language() -> str:
    """The language being drawn in: the request's, or the one ``in_language`` forced."""
    locale = get_locale()
    return str(locale) if locale is not None else default_language()


def formatting_locale() -> str:
    """The locale dates and numbers are written in: English as written in Europe (day before
    month, a 24-hour clock), every other language as itself."""
    language = current_language()
    return "en_GB" if language == "en" else language


@contextmanager
def in_language(code: str | None) -> Iterator[Locale]:
    """Draw in ``code`` (a recipient's saved language), or the default if it is not shipped."""
    chosen = code if is_language(code) else default_language()
    outer = g.pop("_lms_catalogue", None) if has_app_context() else None
    try:
        with force_locale(chosen):
            yield get_locale()
    finally:
        if has_app_context():
            g.pop("_lms_catalogue", None)
            if outer is not None:
                g._lms_catalogue = outer


def language_names() -> list[tuple[str, str]]:
    """(code, name in its own language) for the language switch: 'Deutsch', 'Français' ..."""
    return [(code, _own_name(code)) for code in languages()]


def _own_name(code: str) -> str:
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def shipped_languages(root: Path) -> tuple[str, ...]:
    """English, then each language with a catalogue under ``root``, alphabetically."""
    found = sorted(path.parent.parent.name for path in root.glob("*/LC_MESSAGES/messages.po"))
    return ("en", *(code for code in found if code != "en"))


def init_app(app: Flask) -> None:
    if not app.config.get("LANGUAGES"):
        app.config["LANGUAGES"] = shipped_languages(Path(app.root_path) / "translations")
    Babel(app, locale_selector=select_language, timezone_selector=select_timezone,
          default_translation_directories="translations", default_domain="messages")
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # Flask-Babel's, with the request's catalogue found once
        gettext=lambda string: _catalogue().ugettext(string),
        ngettext=lambda singular, plural, num: _catalogue().ungettext(singular, plural, num), newstyle=True)
    app.jinja_env.globals.update(current_language=current_language, language_names=language_names,
                                 site_setting=saved_setting)  # the header's site name
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.after_request(_vary_on_language)


def _vary_on_language(response):
    """A visitor's page depends on their Accept-Language and cookie: shared caches must know it."""
    if not response.cache_control.no_store:
        response.vary.update(("Accept-Language", "Cookie"))
    return response
