"""The administration's forms. Every message is the site's own, in the reader's language."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from lms.core.forms import Form, LanguageField, form_int, strip
from lms.core.i18n import lazy_gettext

TOO_LONG = lazy_gettext("Field cannot be longer than %(max)d characters.")


class TutorForm(Form):
    course = SelectField(lazy_gettext("Make tutor of"), validate_choice=False,
                         validators=[DataRequired(lazy_gettext("Choose a course from the list."))])

    def course_id(self) -> int | None:
        return form_int(self.course.data)


class DeactivateForm(Form):
    reason = TextAreaField(lazy_gettext("Reason (kept in the audit log)"), filters=[strip],
                           validators=[Optional(), Length(max=500, message=TOO_LONG)])


class TwoFactorOffForm(Form):
    reason = TextAreaField(lazy_gettext("How you made sure it is them (kept in the audit log)"), filters=[strip],
                           validators=[Length(max=500, message=TOO_LONG)])


class StaffForm(Form):
    email = StringField(lazy_gettext("E-mail address of the new tutor"), filters=[strip],
                        validators=[DataRequired(lazy_gettext("Enter an e-mail address.")),
                                    Length(max=254, message=TOO_LONG), Email(lazy_gettext("Enter an e-mail address such as name@example.org."), check_deliverability=False)])


class SettingsForm(Form):
    site_name = StringField(lazy_gettext("Site name"), filters=[strip],
                            validators=[DataRequired(lazy_gettext("Enter the site's name.")), Length(max=80, message=TOO_LONG)])
    privacy_text = TextAreaField(lazy_gettext("Privacy text"), filters=[strip],
                                 description=lazy_gettext("Markdown. Shown on the privacy page: what is kept and why."),
                                 validators=[Length(max=20000, message=TOO_LONG)])
    default_language = LanguageField(lazy_gettext("Default language"),
                                     description=lazy_gettext("For visitors whose browser asks for no language the site has."))


def _a_day(form, field) -> None:
    """An <input type="date"> sends YYYY-MM-DD; a browser without one, what the person typed."""
    field.day = None
    if not field.data:
        return
    try:
        field.day = date.fromisoformat(field.data)
        if not 1900 <= field.day.year <= 9000:  # the search adds a day to "until": 9999-12-31 would overflow
            raise ValueError(field.data)
    except (TypeError, ValueError):
        field.day = None
        raise ValidationError(str(lazy_gettext("Enter a date such as 2017-12-15."))) from None


class AuditFilterForm(Form):
    """A search (GET): nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    action = StringField(lazy_gettext("Action"), filters=[strip], validators=[Length(max=48, message=TOO_LONG)],
                         description=lazy_gettext("Or its beginning, such as “role.”"))
    actor = StringField(lazy_gettext("Done by (e-mail)"), filters=[strip], validators=[Length(max=254, message=TOO_LONG)])
    subject = StringField(lazy_gettext("Whose data (e-mail)"), filters=[strip], validators=[Length(max=254, message=TOO_LONG)])
    since = StringField(lazy_gettext("From"), filters=[strip], render_kw={"type": "date"},
                        validators=[Length(max=10, message=TOO_LONG), _a_day])
    until = StringField(lazy_gettext("Until"), filters=[strip], render_kw={"type": "date"},
                        validators=[Length(max=10, message=TOO_LONG), _a_day])


# A new run of a course (the administration's course pages); dates in the run's own time zone.
# The release modes a run may have (lms.courses.models.RELEASE_MODES), as a person reads them.
MODE_NAMES = {"scheduled": lazy_gettext("On dates: modules open on a schedule from the run's start"),
              "on_enrolment": lazy_gettext("Self-paced: modules open from each learner's enrolment")}


@cache
def _zones() -> list[tuple[str, str]]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return [("UTC", "UTC"), *((zone, zone.replace("_", " ")) for zone in zones)]


def _modes() -> list[tuple[str, str]]:
    return [(mode, str(MODE_NAMES[mode])) for mode in MODE_NAMES]


def _local_time(form, field) -> None:
    """<input type="datetime-local"> sends 2027-09-25T09:00; a browser without one, what was typed."""
    field.instant = None
    if not field.data:
        return
    try:
        field.instant = datetime.fromisoformat(field.data)
    except (TypeError, ValueError):
        raise ValidationError(str(lazy_gettext("Enter a date and time such as 2027-09-25 09:00."))) from None
    if field.instant.tzinfo is not None or not 2000 <= field.instant.year <= 2200:
        field.instant = None
        raise ValidationError(str(lazy_gettext("Enter a date and time such as 2027-09-25 09:00.")))


class RunForm(Form):
    title = StringField(lazy_gettext("Title"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Enter the run's title.")), Length(max=200, message=TOO_LONG)])
    slug = StringField(lazy_gettext("Short name in addresses"), filters=[strip],
                       description=lazy_gettext("Lower-case letters, digits and hyphens, such as 2027-autumn."),
                       validators=[DataRequired(lazy_gettext("Enter a short name.")), Length(max=80, message=TOO_LONG),
                                   Regexp(r"^[a-z0-9][a-z0-9-]*\Z", message=lazy_gettext(
                                       "Use only lower-case letters, digits and hyphens."))])
    timezone = SelectField(lazy_gettext("Time zone"), choices=_zones, validate_choice=False,
                           validators=[DataRequired(lazy_gettext("Choose a time zone from the list."))])
    starts = StringField(lazy_gettext("Starts"), render_kw={"type": "datetime-local"}, filters=[strip],
                         validators=[DataRequired(lazy_gettext("Enter when the run starts.")),
                                     Length(max=32, message=TOO_LONG), _local_time])
    ends = StringField(lazy_gettext("Ends"), render_kw={"type": "datetime-local"}, filters=[strip],
                       validators=[DataRequired(lazy_gettext("Enter when the run ends.")),
                                   Length(max=32, message=TOO_LONG), _local_time])
    release_mode = SelectField(lazy_gettext("Modules open"), choices=_modes)
    release_initial = IntegerField(lazy_gettext("Modules open at the start"), validators=[
        InputRequired(lazy_gettext("Enter a whole number.")), NumberRange(0, 100, lazy_gettext("Enter a number from %(min)s to %(max)s."))])
    release_batch = IntegerField(lazy_gettext("Modules opened each time"), validators=[
        InputRequired(lazy_gettext("Enter a whole number.")), NumberRange(1, 100, lazy_gettext("Enter a number from %(min)s to %(max)s."))])
    release_every_days = IntegerField(lazy_gettext("Days between openings"), validators=[
        InputRequired(lazy_gettext("Enter a whole number.")), NumberRange(1, 365, lazy_gettext("Enter a number from %(min)s to %(max)s."))])

    def validate_timezone(self, field) -> None:
        if field.data not in {zone for zone, _ in _zones()}:
            raise ValidationError(str(lazy_gettext("Choose a time zone from the list.")))

    def validate_ends(self, field) -> None:
        starts, ends = getattr(self.starts, "instant", None), getattr(field, "instant", None)
        if starts is not None and ends is not None and ends <= starts:
            raise ValidationError(str(lazy_gettext("The end must come after the start.")))

    def window(self) -> tuple[datetime, datetime]:
        """The start and end as aware instants in the chosen time zone."""
        zone = ZoneInfo(self.timezone.data)
        return self.starts.instant.replace(tzinfo=zone), self.ends.instant.replace(tzinfo=zone)
