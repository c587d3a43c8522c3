"""Domain errors raised by services; the web layer turns them into pages."""

from __future__ import annotations

from datetime import datetime

from lms.core.i18n import gettext, ngettext


class DomainError(Exception):
    """Something the user asked for cannot be done; the message says why."""

    http_status = 400


class NotFound(DomainError):
    http_status = 404


class PermissionDenied(DomainError):
    http_status = 403


class NotEnrolled(PermissionDenied):
    def __init__(self, course_slug: str):
        super().__init__(gettext("Enrol in this course to read its modules."))
        self.course_slug = course_slug


class ModuleLocked(PermissionDenied):
    def __init__(self, module_title: str, opens_at: datetime | None, language: str | None = None):
        super().__init__(gettext("“%(title)s” is not open yet.", title=module_title))
        self.module_title = module_title
        self.opens_at = opens_at
        self.language = language  # the course's, which the title is written in


class EnrolmentClosed(DomainError):
    pass


class ValidationError(DomainError):
    """Bad input for a named field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class InvalidCredentials(DomainError):
    def __init__(self):
        super().__init__(gettext("That e-mail and password do not match an account."))


class TooManyAttempts(DomainError):
    """``reason`` is a whole sentence (translated by the caller); the wait is said after it."""

    http_status = 429

    def __init__(self, retry_after_seconds: int, reason: str | None = None):
        if retry_after_seconds < 60:  # a short, capped delay is said in seconds
            wait = ngettext("Try again in %(num)d second.", "Try again in %(num)d seconds.", retry_after_seconds)
        else:
            wait = ngettext("Try again in %(num)d minute.", "Try again in %(num)d minutes.", -(-retry_after_seconds // 60))
        reason = reason or gettext("Too many failed log-ins.")
        super().__init__(f"{reason} {wait}")
        self.retry_after_seconds = retry_after_seconds


class InvalidToken(DomainError):
    def __init__(self):
        super().__init__(gettext("This link is invalid or has expired. Ask for a new one."))
