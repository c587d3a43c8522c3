"""WTForms for every page that accepts input; each carries a CSRF token."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, HiddenField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import DataRequired, Email, EqualTo, Length

from lms.services.accounts import LANGUAGES, MIN_PASSWORD_LENGTH
from lms.services.notifications import KIND_LABELS
from lms.services.peer_review import FLAG_REASONS


@cache
def timezone_choices() -> dict[str, str]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return {"UTC": "UTC", **{z: z.replace("_", " ") for z in zones}}


HELPFULNESS = {"5": "5: very helpful", "4": "4", "3": "3", "2": "2", "1": "1: not helpful"}


def form_int(raw: str | None, *, digits: int = 9) -> int | None:
    """A whole number posted in a form, or None for anything else (empty, signs, non-ASCII
    digits, or more digits than any id or score has)."""
    return int(raw) if raw and raw.isdecimal() and raw.isascii() and len(raw) <= digits else None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class QuizForm(FlaskForm):
    """The answers are read from q0, q1 ... (radio buttons and checkboxes built from the quiz)."""

    attempt = HiddenField(validators=[DataRequired()])


class ReflectionForm(FlaskForm):
    text = TextAreaField("Your reflection", validators=[DataRequired(message="Write your reflection first.")])


class SubmissionForm(FlaskForm):
    text = TextAreaField("Your work", validators=[DataRequired(message="Write your work first.")],
                         description="Markdown is welcome: headings, lists, links, tables.")
    attachment = FileField("Attachment (optional)", description="PDF, image or office document, up to 10 MB.")


class FlagForm(FlaskForm):
    reason = SelectField("Reason", choices=FLAG_REASONS)
    note = TextAreaField("What a tutor should know (optional)")


class RateForm(FlaskForm):
    helpfulness = SelectField("How helpful was this review?", choices=HELPFULNESS)


class EnrolForm(FlaskForm):
    run_id = HiddenField(validators=[DataRequired()])


class ProfileFields:
    name = StringField("Full name", filters=[_strip], validators=[DataRequired(), Length(max=120)])
    timezone = SelectField("Time zone", choices=timezone_choices(), default="Europe/Brussels",
                           description="Dates are shown in this time zone.")
    language = SelectField("Preferred language", choices=LANGUAGES, default="en")


class RegisterForm(FlaskForm, ProfileFields):
    email = EmailField(
        "E-mail", filters=[_strip], validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD_LENGTH} characters; a short sentence works well."
    )
    confirm = PasswordField("Repeat the password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")])


class ProfileForm(FlaskForm, ProfileFields):
    pass


class EmailPreferencesForm(FlaskForm):
    wanted = SelectMultipleField(
        "Send me an e-mail when",
        choices=KIND_LABELS,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )


class LoginForm(FlaskForm):
    email = EmailField("E-mail", filters=[_strip], validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField("New password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD_LENGTH} characters.")
    confirm = PasswordField("Repeat the new password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")])


class ForgotPasswordForm(FlaskForm):
    email = EmailField("E-mail", filters=[_strip], validators=[DataRequired(), Email(check_deliverability=False)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD_LENGTH} characters.")
    confirm = PasswordField("Repeat the new password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")])
