"""The administration's form for a new run of a course (dates in the run's own time zone)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp, ValidationError

from lms.core.forms import Form, strip
from lms.core.i18n import lazy_gettext

TOO_LONG = lazy_gettext("Field cannot be longer than %(max)d characters.")
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
