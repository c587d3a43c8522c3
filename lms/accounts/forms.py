"""Registration, log-in, profile and password forms."""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from lms.accounts.services import MIN_PASSWORD_LENGTH, name_problem
from lms.core.forms import Form, LanguageField, LanguagesField, strip
from lms.core.i18n import gettext, lazy_gettext
from lms.core.text import has_control_characters

EMAIL_MAX = 254  # what the users table holds (and RFC 5321 allows)

ENTER_EMAIL = lazy_gettext("Enter your e-mail address.")
TOO_LONG = lazy_gettext("Field cannot be longer than %(max)d characters.")
NOT_AN_EMAIL = lazy_gettext("Enter an e-mail address such as name@example.org.")
ENTER_PASSWORD = lazy_gettext("Enter your password.")
PASSWORDS_DIFFER = lazy_gettext("The passwords do not match.")
LONG_PASSWORD_HINT = lazy_gettext("At least %(num)d characters; a short sentence works well.", num=MIN_PASSWORD_LENGTH)
PASSWORD_HINT = lazy_gettext("At least %(num)d characters.", num=MIN_PASSWORD_LENGTH)


def displayable_name(form, field) -> None:
    """A name is one line of visible text: the service's rule, at the field."""
    problem = name_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def one_line(form, field) -> None:
    """No control characters (NUL would not even reach PostgreSQL)."""
    if has_control_characters(field.data or ""):
        raise ValidationError(gettext("Enter an e-mail address without control characters."))


def email_validators(*, check_form: bool = True) -> list:
    """What every e-mail field asks, in the reader's language."""
    validators = [DataRequired(ENTER_EMAIL), Length(max=EMAIL_MAX, message=TOO_LONG)]
    return validators + ([Email(NOT_AN_EMAIL, check_deliverability=False)] if check_form else [one_line])


@cache
def timezone_choices() -> dict[str, str]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return {"UTC": "UTC", **{z: z.replace("_", " ") for z in zones}}


class ZoneField(SelectField):
    """A time zone from the list, refused in the site's own words otherwise."""

    def pre_validate(self, form) -> None:
        if self.data not in timezone_choices():
            raise ValidationError(gettext("Choose a time zone from the list."))


class ProfileFields:
    name = StringField(lazy_gettext("Full name"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Enter your name.")),
        Length(max=120, message=TOO_LONG), displayable_name])
    timezone = ZoneField(lazy_gettext("Time zone"), choices=timezone_choices(), default="Europe/Brussels",
                         description=lazy_gettext("Dates are shown in this time zone."))
    language = LanguageField(lazy_gettext("Preferred language"), description=lazy_gettext("The site and your e-mails use it."))


class RegisterForm(Form, ProfileFields):
    email = EmailField(lazy_gettext("E-mail"), filters=[strip], validators=email_validators())
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(lazy_gettext("Choose a password."))],
                             description=LONG_PASSWORD_HINT)
    confirm = PasswordField(lazy_gettext("Repeat the password"), validators=[
        DataRequired(lazy_gettext("Repeat the password.")), EqualTo("password", PASSWORDS_DIFFER)])


class ProfileForm(Form, ProfileFields):
    reads_languages = LanguagesField(
        lazy_gettext("Languages I can read"),
        description=lazy_gettext("Peers' work in these languages is offered to you first for review. "
                                 "Leave empty for your interface language only."),
    )


class LoginForm(Form):
    email = EmailField(lazy_gettext("E-mail"), filters=[strip], validators=email_validators(check_form=False))
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(ENTER_PASSWORD)])


class ChangePasswordForm(Form):
    current_password = PasswordField(lazy_gettext("Current password"),
                                     validators=[DataRequired(lazy_gettext("Enter your current password."))])
    password = PasswordField(lazy_gettext("New password"), validators=[DataRequired(lazy_gettext("Choose a new password."))],
                             description=PASSWORD_HINT)
    confirm = PasswordField(lazy_gettext("Repeat the new password"), validators=[
        DataRequired(lazy_gettext("Repeat the new password.")), EqualTo("password", PASSWORDS_DIFFER)])


class ForgotPasswordForm(Form):
    email = EmailField(lazy_gettext("E-mail"), filters=[strip], validators=email_validators())


class ResetPasswordForm(Form):
    password = PasswordField(lazy_gettext("New password"), validators=[DataRequired(lazy_gettext("Choose a new password."))],
                             description=PASSWORD_HINT)
    confirm = PasswordField(lazy_gettext("Repeat the new password"), validators=[
        DataRequired(lazy_gettext("Repeat the new password.")), EqualTo("password", PASSWORDS_DIFFER)])
    # Asked only of an account with two-factor sign-in (the page shows it then).
    code = StringField(lazy_gettext("Code"), filters=[strip], validators=[Length(max=64, message=TOO_LONG)],
                       description=lazy_gettext("The 6 digits your authenticator app shows, or one of your recovery codes."))


class LanguageForm(Form):
    """The footer's language switch."""

    language = LanguageField(lazy_gettext("Language"))


class ResendVerificationForm(Form):
    email = EmailField(lazy_gettext("E-mail"), filters=[strip], validators=email_validators())


class ChangeEmailForm(Form):
    email = EmailField(lazy_gettext("New e-mail address"), filters=[strip], validators=email_validators(),
                       description=lazy_gettext("We send a link to it: the change takes effect when you open it."))
    password = PasswordField(lazy_gettext("Your password"), validators=[DataRequired(ENTER_PASSWORD)])


class CodeForm(Form):
    code = StringField(lazy_gettext("Code"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Enter the code.")), Length(max=64, message=TOO_LONG)],
        description=lazy_gettext("The 6 digits your authenticator app shows, or one of your recovery codes."))


class StartTwoFactorForm(Form):
    password = PasswordField(lazy_gettext("Your password"), validators=[DataRequired(ENTER_PASSWORD)],
                             description=lazy_gettext("Your password confirms that it is you setting this up."))


class DisableTwoFactorForm(CodeForm):
    password = PasswordField(lazy_gettext("Your password"), validators=[DataRequired(ENTER_PASSWORD)])
