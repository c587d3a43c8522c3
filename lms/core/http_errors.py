"""Domain errors become pages with a clear message and the right status.

Features add handlers for their own errors on their blueprint (learning, for a
locked module); everything else lands here."""

from __future__ import annotations

from flask import Flask, render_template

from lms.core.errors import DomainError


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return render_template("errors/error.html", message=str(error), status=error.http_status), error.http_status

    for status, message in (
        (400, "The request could not be understood. Reload the page and try again."),
        (403, "You are not allowed to see this page."),
        (404, "There is no page at this address."),
        (413, "That upload is too large."),
        (500, "Something went wrong on our side. Nothing you entered was lost; try again in a moment."),
    ):
        app.register_error_handler(status, _page(status, message))


def _page(status: int, message: str):
    def handler(error):
        text = getattr(error, "description", None) if status == 400 else None
        return render_template("errors/error.html", message=text or message, status=status), status

    return handler
