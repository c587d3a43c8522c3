"""The forms of programmes: the placement record, a workshop's confirmation, the supervisor's answer.
Dates and hours are read as typed and judged by the services (their complaints name the field)."""

from __future__ import annotations

from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form, strip
from lms.core.i18n import lazy_gettext

TOO_LONG = lazy_gettext("Keep this under %(max)d characters.")
REQUIRED = lazy_gettext("This field is required.")


class PlacementForm(Form):
    host = StringField(lazy_gettext("Host setting"), filters=[strip],
                       description=lazy_gettext("Where you did the placement: a library branch, a school, a science centre."),
                       validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)])
    starts_on = StringField(lazy_gettext("First day"), filters=[strip], render_kw={"type": "date"},
                            validators=[DataRequired(REQUIRED), Length(max=32, message=TOO_LONG)])
    ends_on = StringField(lazy_gettext("Last day"), filters=[strip], render_kw={"type": "date"},
                          validators=[DataRequired(REQUIRED), Length(max=32, message=TOO_LONG)])
    hours = StringField(lazy_gettext("Hours"), filters=[strip], render_kw={"inputmode": "decimal"},
                        validators=[DataRequired(REQUIRED), Length(max=10, message=TOO_LONG)])
    report = TextAreaField(lazy_gettext("Report"), filters=[strip], render_kw={"rows": 12},
                           description=lazy_gettext("What you planned, what you ran and what you would change. "
                                                    "Markdown is welcome: lists, links."),
                           validators=[DataRequired(REQUIRED), Length(max=50_000, message=TOO_LONG)])
    supervisor_name = StringField(lazy_gettext("Supervisor's name"), filters=[strip],
                                  validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)])
    supervisor_email = StringField(lazy_gettext("Supervisor's e-mail"), filters=[strip], render_kw={"type": "email"},
                                   description=lazy_gettext("We send them a link to sign your placement off."),
                                   validators=[DataRequired(REQUIRED), Length(max=254, message=TOO_LONG)])


class WorkshopForm(Form):
    title = StringField(lazy_gettext("Workshop"), filters=[strip],
                        validators=[DataRequired(lazy_gettext("Name the workshop.")), Length(max=200, message=TOO_LONG)])
    attended_on = StringField(lazy_gettext("Date attended"), filters=[strip], render_kw={"type": "date"},
                              validators=[DataRequired(REQUIRED), Length(max=32, message=TOO_LONG)])


class SignOffForm(Form):
    comment = TextAreaField(lazy_gettext("Comment (needed to decline)"), filters=[strip], render_kw={"rows": 4},
                            validators=[Length(max=5_000, message=TOO_LONG)])
    sign_off = SubmitField(lazy_gettext("Sign the placement off"))
    decline = SubmitField(lazy_gettext("Decline"))
