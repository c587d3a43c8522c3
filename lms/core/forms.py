"""What every form shares: the base class (Flask-WTF's CSRF token, and no control characters
in text), a button-only form, and safe parsing of numbers posted by hand."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, TextAreaField

from lms.core.errors import ValidationError
from lms.core.i18n import current_language, language_names, lazy_gettext
from lms.core.text import has_control_characters


def form_int(raw: str | None, *, digits: int = 9) -> int | None:
    """A whole number posted in a form, or None for anything else (empty, signs, non-ASCII
    digits, or more digits than any id or score has)."""
    return int(raw) if raw and raw.isdecimal() and raw.isascii() and len(raw) <= digits else None


def strip(value):
    """A WTForms filter: surrounding spaces are never meant."""
    return value.strip() if isinstance(value, str) else value


CONTROL_CHARACTERS_MESSAGE = lazy_gettext("This text contains invisible control characters (often from a pasted "
                                          "file), which cannot be saved. Remove them and try again.")


class Form(FlaskForm):
    """The base of every form: a CSRF token, and text with control characters refused with the
    field's own error (the text stays in the field to be corrected). Passwords are exempt: they
    are hashed, never stored or shown, and any character a person can type must keep working."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not field.errors and _has_control_characters(field):
                field.errors.append(str(CONTROL_CHARACTERS_MESSAGE))
                valid = False
        return valid


def _has_control_characters(field) -> bool:
    if isinstance(field, PasswordField) or not isinstance(field.data, str):
        return False
    return has_control_characters(field.data, multi_line=isinstance(field, TextAreaField))


class LanguageField(SelectField):
    """One of the shipped languages, each named in itself ('Deutsch', 'Français'); the language
    being drawn by default."""

    def __init__(self, label=None, **kwargs) -> None:
        super().__init__(label, choices=language_names, default=current_language, **kwargs)


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


def show_field_error(form: FlaskForm, error: ValidationError) -> None:
    """Put a service's complaint about a field next to that field (or on top of the page)."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")
