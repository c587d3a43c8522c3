"""What every form shares: Flask-WTF (a CSRF token on every form), a button-only
form, and safe parsing of numbers posted by hand."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from lms.core.errors import ValidationError


def form_int(raw: str | None, *, digits: int = 9) -> int | None:
    """A whole number posted in a form, or None for anything else (empty, signs, non-ASCII
    digits, or more digits than any id or score has)."""
    return int(raw) if raw and raw.isdecimal() and raw.isascii() and len(raw) <= digits else None


def strip(value):
    """A WTForms filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


def show_field_error(form: FlaskForm, error: ValidationError) -> None:
    """Put a service's complaint about a field next to that field (or on top of the page)."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")
