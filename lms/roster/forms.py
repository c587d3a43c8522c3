"""The roster's forms: a file of addresses, a personal deadline, a move, the buttons, and the
account an invitation creates. Every message is the site's own, in the reader's language."""

from __future__ import annotations

from datetime import date
from functools import cache
from zoneinfo import available_timezones

from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from lms.accounts.services import MIN_PASSWORD_LENGTH
from lms.core.forms import Form, LanguageField, strip
from lms.core.i18n import lazy_gettext

TOO_LONG = lazy_gettext("Field cannot be longer than %(max)d characters.")


class UploadForm(Form):
    file = FileField(lazy_gettext("File of e-mail addresses"), validators=[FileRequired(lazy_gettext("Choose a file to upload."))],
                     description=lazy_gettext("A CSV or text file: one address on each line, or a table with a column "
                                              "named “email” (separated by commas, semicolons or tabs). At most 1 MB "
                                              "and 10,000 rows."),
                     render_kw={"accept": ".csv,.txt,text/csv,text/plain"})


def _a_day(form, field) -> None:
    """An <input type="date"> sends YYYY-MM-DD; a browser without one, what the person typed."""
    try:
        field.day = date.fromisoformat(field.data)
    except (TypeError, ValueError):
        raise ValidationError(str(lazy_gettext("Enter a date such as 2017-12-15."))) from None


class DeadlineForm(Form):
    day = StringField(lazy_gettext("Personal deadline"), filters=[strip], render_kw={"type": "date"},
                      validators=[DataRequired(lazy_gettext("Choose a day.")), Length(max=10, message=TOO_LONG), _a_day])


class MoveForm(Form):
    run = SelectField(lazy_gettext("Move to the run"), validate_choice=False,
                      validators=[DataRequired(lazy_gettext("Choose a run."))])


@cache
def _zones() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return [("UTC", "UTC"), *((zone, zone.replace("_", " ")) for zone in zones)]


class InvitationForm(Form):
    """The account an invitation creates; its address is the invited one. The account's own
    rules (name, password strength, time zone) are checked by accounts' service, at the field."""

    name = StringField(lazy_gettext("Full name"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Enter your name.")), Length(max=120, message=TOO_LONG)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(lazy_gettext("Choose a password."))],
                             description=lazy_gettext("At least %(num)d characters; a short sentence works well.",
                                                      num=MIN_PASSWORD_LENGTH))
    confirm = PasswordField(lazy_gettext("Repeat the password"), validators=[
        DataRequired(lazy_gettext("Repeat the password.")),
        EqualTo("password", lazy_gettext("The passwords do not match."))])
    timezone = SelectField(lazy_gettext("Time zone"), choices=_zones, default="Europe/Brussels", validate_choice=False,
                           description=lazy_gettext("Dates are shown in this time zone."))
    language = LanguageField(lazy_gettext("Preferred language"), description=lazy_gettext("The site and your e-mails use it."))
