"""What every form shares: the base class (Flask-WTF's CSRF token, and no control characters
in text), a button-only form, and safe parsing of numbers posted by hand."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError as WTFormsValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.errors import ValidationError
from lms.core.i18n import current_language, is_language, language_names, lazy_gettext
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


LANGUAGE_MESSAGE = lazy_gettext("Choose a language from the list.")
LANGUAGES_MESSAGE = lazy_gettext("Choose languages from the list.")


def _named_in_themselves() -> list[tuple[str, str, dict]]:
    """The choices, each option marked as written in its own language (<option lang="de">)."""
    return [(code, name, {"lang": code}) for code, name in language_names()]


class LanguageField(SelectField):
    """One of the shipped languages, each named in itself ('Deutsch', 'Français'); the language
    being drawn by default. Anything else is refused with the field's own words."""

    def __init__(self, label=None, **kwargs) -> None:
        super().__init__(label, choices=_named_in_themselves, default=current_language, **kwargs)

    def pre_validate(self, form) -> None:
        if not is_language(self.data):
            raise WTFormsValidationError(str(LANGUAGE_MESSAGE))


class LanguagesField(SelectMultipleField):
    """Any of the shipped languages, as a group of check boxes (none ticked is an answer too)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, **kwargs) -> None:
        super().__init__(label, choices=language_names, **kwargs)

    def pre_validate(self, form) -> None:
        if not all(is_language(code) for code in self.data or ()):
            raise WTFormsValidationError(str(LANGUAGES_MESSAGE))


class ActionForm(Form):
    """A button that changes something: only the CSRF token."""


def show_field_error(form: FlaskForm, error: ValidationError) -> None:
    """Put a service's complaint about a field next to that field (or on top of the page)."""
    field = getattr(form, error.field, None)
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        flash(str(error), "error")
