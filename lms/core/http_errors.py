"""Errors become pages with a clear message and the right status.

Features add handlers for their own errors on their blueprint (learning, for a locked module);
everything else lands here. A failure on our side (500) and a database out of reach (503) get a
standalone page drawn without the database: no user loaded, no context processor run (Flask-
Login's loads the user), so it renders while the database is down instead of failing in turn
(which gunicorn would answer with an empty 500). It says what may have happened: the last
action may not have been saved."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import OperationalError

from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.core.i18n import LANGUAGE_COOKIE, default_language, in_language, is_language, languages, lazy_gettext

SERVER_ERROR = lazy_gettext("Something went wrong on our side, and what you did last may not have been saved. "
                            "Please check, and try again in a moment.")
OUTAGE = lazy_gettext("The site cannot reach its database just now, so what you did last was not saved. "
                      "Please try again in a minute or two.")
BUSY = lazy_gettext("The site is too busy to finish what you did just now, so it was not saved. "
                    "Please try again in a moment.")
FORM_EXPIRED = lazy_gettext("This form has expired (it was open for a long time, or you logged in or out since). "
                            "Go back, reload the page and try again.")
# SQLSTATE classes and codes that mean the database itself is out of reach (connection
# exceptions, shutting down, no such database); others (deadlock, serialisation failure,
# lock or statement timeout, SQLite's "database is locked") mean it was busy.
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "3D000")
RETRY_AFTER_SECONDS = 60


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        _discard_unsaved_work()  # e.g. text a database refused (core.odd_input) half-way through a flush
        return _page_in_layout(str(error), error.http_status)

    for status, message in (
        (400, lazy_gettext("The request could not be understood. Reload the page and try again.")),
        (403, lazy_gettext("You are not allowed to see this page.")),
        (404, lazy_gettext("There is no page at this address.")),
        (405, lazy_gettext("This address does not answer that kind of request.")),
        (413, lazy_gettext("That upload is too large.")),
    ):
        app.register_error_handler(status, _page(status, message))
    app.register_error_handler(OperationalError, database_out_of_reach)
    app.register_error_handler(500, server_error)


def _page(status: int, message):
    def handler(error):
        return _page_in_layout(FORM_EXPIRED if isinstance(error, CSRFError) else message, status)

    return handler


def _page_in_layout(message: str, status: int):
    """The site's layout shows who is logged in, read from the database: if that fails, the
    standalone page says the same thing."""
    try:
        return render_template("errors/error.html", message=message, status=status), status
    except Exception:
        current_app.logger.exception("The %s page could not be drawn in the site's layout", status)
        _discard_unsaved_work()
        return standalone_page(message, status)


def database_out_of_reach(error: OperationalError):
    """503 either way, since the transaction was rolled back; the words say which it was."""
    unreachable = is_unreachable(error)
    current_app.logger.error("Database %s: %s", "out of reach" if unreachable else "busy", error)
    _discard_unsaved_work()
    if unreachable:
        return standalone_page(OUTAGE, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)})
    return standalone_page(BUSY, 503, {"Retry-After": "5"})


def is_unreachable(error: OperationalError) -> bool:
    if error.connection_invalidated:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate is not None:
        return sqlstate.startswith(UNREACHABLE_SQLSTATES)
    # psycopg without a SQLSTATE: the server never answered; sqlite3: the file cannot be opened.
    message = str(error.orig).lower()
    return not any(word in message for word in ("locked", "busy"))


def server_error(error):
    original = getattr(error, "original_exception", None)
    if isinstance(original, OperationalError):
        return database_out_of_reach(original)
    _discard_unsaved_work()
    return standalone_page(SERVER_ERROR, 500)


def standalone_page(message: str, status: int, headers: dict | None = None):
    """Drawn straight from its template, past Flask's context processors, in the reader's
    language; plain HTML if even that fails."""
    language = language_without_database()
    with in_language(language):
        try:
            html = current_app.jinja_env.get_template("errors/standalone.html").render(
                message=message, status=status, language=language)
        except Exception:
            current_app.logger.exception("The standalone error page could not be drawn")
            html = (f'<!doctype html><html lang="{language}"><title>{escape(SERVER_ERROR_TITLE)}</title>'
                    f'<main><h1>{escape(SERVER_ERROR_TITLE)}</h1><p>{escape(message)}</p></main></html>')
    return html, status, headers or {}


SERVER_ERROR_TITLE = lazy_gettext("Sorry")


def language_without_database() -> str:
    """The request's language as ``i18n.select_language`` chooses it, without loading the user
    (the database may be what failed): their saved choice if they were already loaded, then
    the footer's cookie, the browser's Accept-Language and the site's default."""
    if not has_request_context():
        return default_language()
    user = g.get("_login_user")  # Flask-Login's, once it has loaded the user
    if user is not None and getattr(user, "is_authenticated", False) and is_language(getattr(user, "language", None)):
        return user.language
    if is_language(request.cookies.get(LANGUAGE_COOKIE)):
        return request.cookies[LANGUAGE_COOKIE]
    return request.accept_languages.best_match(languages()) or default_language()


def _discard_unsaved_work() -> None:
    """Roll back what the failed request left in the session, so nothing half-done is kept and
    the page can still read; a connection that is gone is simply dropped."""
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.warning("Rolling back after an error failed", exc_info=True)
