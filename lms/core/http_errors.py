"""Errors become pages with a clear message and the right status.

Features add handlers for their own errors on their blueprint (learning, for a locked module);
everything else lands here. A failure on our side (500) and a database out of reach (503) get a
standalone page drawn without the database: no user loaded, no context processor run (Flask-
Login's loads the user), so it renders while the database is down instead of failing in turn
(which gunicorn would answer with an empty 500). It says what may have happened: the last
action may not have been saved."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from markupsafe import escape
from sqlalchemy.exc import OperationalError

from lms.core.errors import DomainError
from lms.core.extensions import db

SERVER_ERROR = ("Something went wrong on our side, and what you did last may not have been saved. "
                "Please check, and try again in a moment.")
OUTAGE = ("The site cannot reach its database just now, so what you did last was not saved. "
          "Please try again in a minute or two.")
BUSY = ("The site is too busy to finish what you did just now, so it was not saved. "
        "Please try again in a moment.")
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
        (400, "The request could not be understood. Reload the page and try again."),
        (403, "You are not allowed to see this page."),
        (404, "There is no page at this address."),
        (413, "That upload is too large."),
    ):
        app.register_error_handler(status, _page(status, message))
    app.register_error_handler(OperationalError, database_out_of_reach)
    app.register_error_handler(500, server_error)


def _page(status: int, message: str):
    def handler(error):
        text = getattr(error, "description", None) if status == 400 else None
        return _page_in_layout(text or message, status)

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
    """Drawn straight from its template, past Flask's context processors; plain HTML if even that fails."""
    try:
        html = current_app.jinja_env.get_template("errors/standalone.html").render(message=message, status=status)
    except Exception:
        current_app.logger.exception("The standalone error page could not be drawn")
        html = f'<!doctype html><html lang="en"><title>Sorry</title><main><h1>Sorry</h1><p>{escape(message)}</p></main></html>'
    return html, status, headers or {}


def _discard_unsaved_work() -> None:
    """Roll back what the failed request left in the session, so nothing half-done is kept and
    the page can still read; a connection that is gone is simply dropped."""
    try:
        db.session.rollback()
    except Exception:
        current_app.logger.warning("Rolling back after an error failed", exc_info=True)
