"""Registration, log-in, profile and password forms."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from lms.accounts.services import MIN_PASSWORD_LENGTH, name_problem
from lms.core.forms import Form, LanguageField, strip
from lms.core.text import has_control_characters

EMAIL_MAX = 254  # what the users table holds (and RFC 5321 allows)


def displayable_name(form, field) -> None:
    """A name is one line of visible text: the service's rule, at the field."""
    problem = name_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def one_line(form, field) -> None:
    """No control characters (NUL would not even reach PostgreSQL)."""
    if has_control_characters(field.data or ""):
        raise ValidationError("Enter an e-mail address without control characters.")


@cache
def timezone_choices() -> dict[str, str]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return {"UTC": "UTC", **{z: z.replace("_", " ") for z in zones}}


class ProfileFields:
    name = StringField("Full name", filters=[strip], validators=[DataRequired(), Length(max=120), displayable_name])
    timezone = SelectField("Time zone", choices=timezone_choices(), default="Europe/Brussels",
                           description="Dates are shown in this time zone.")
    language = LanguageField("Preferred language", description="The site and your e-mails use it.")


class RegisterForm(Form, ProfileFields):
    email = EmailField(
        "E-mail", filters=[strip], validators=[DataRequired(), Length(max=EMAIL_MAX), Email(check_deliverability=False)]
    )
    password = PasswordField(
        "Password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD_LENGTH} characters; a short sentence works well."
    )
    confirm = PasswordField("Repeat the password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")])


class ProfileForm(Form, ProfileFields):
    pass


class LoginForm(Form):
    email = EmailField("E-mail", filters=[strip], validators=[DataRequired(), Length(max=EMAIL_MAX), one_line])
    password = PasswordField("Password", validators=[DataRequired()])


class ChangePasswordForm(Form):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    password = PasswordField("New password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD_LENGTH} characters.")
    confirm = PasswordField("Repeat the new password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")])


class ForgotPasswordForm(Form):
    email = EmailField(
        "E-mail", filters=[strip], validators=[DataRequired(), Length(max=EMAIL_MAX), Email(check_deliverability=False)]
    )


class ResetPasswordForm(Form):
    password = PasswordField("New password", validators=[DataRequired()], description=f"At least {MIN_PASSWORD_LENGTH} characters.")
    confirm = PasswordField("Repeat the new password", validators=[DataRequired(), EqualTo("password", "The passwords do not match.")])


class LanguageForm(Form):
    """The footer's language switch."""

    language = LanguageField("Language")
