"""The forms of record: an entry of learning done elsewhere, the record's settings, tags."""

from __future__ import annotations

import secrets

from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form, strip
from lms.core.i18n import lazy_gettext

TOO_LONG = lazy_gettext("Keep this under %(max)d characters.")


class EntryForm(Form):
    """Dates and hours are read as typed and judged by the service (its complaints name the field)."""

    form_token = HiddenField(default=lambda: secrets.token_urlsafe(24))
    title = StringField(lazy_gettext("What you learned or attended"), filters=[strip], validators=[
        DataRequired(lazy_gettext("Enter what you learned or attended.")), Length(max=300, message=TOO_LONG)])
    provider = StringField(lazy_gettext("Provider (optional)"), filters=[strip],
                           description=lazy_gettext("Who ran it: a university, an association, your own setting."),
                           validators=[Length(max=200, message=TOO_LONG)])
    started_on = StringField(lazy_gettext("Date"), filters=[strip], render_kw={"type": "date"},
                             validators=[Length(max=32, message=TOO_LONG)])
    ended_on = StringField(lazy_gettext("Until (optional)"), filters=[strip], render_kw={"type": "date"},
                           description=lazy_gettext("For learning that took more than a day."),
                           validators=[Length(max=32, message=TOO_LONG)])
    hours = StringField(lazy_gettext("Hours (optional)"), filters=[strip], render_kw={"inputmode": "decimal"},
                        validators=[Length(max=10, message=TOO_LONG)])
    note = TextAreaField(lazy_gettext("Note (optional)"), filters=[strip],
                         description=lazy_gettext("What you took from it. Markdown is welcome: lists, links."),
                         validators=[Length(max=20_000, message=TOO_LONG)])
    file = FileField(lazy_gettext("File (optional)"),
                     description=lazy_gettext("A certificate or programme: PDF, image or office document, up to 10 MB."))
    remove_file = BooleanField(lazy_gettext("Remove the file"))


class SettingsForm(Form):
    include_reflections = BooleanField(lazy_gettext("Include my reflections from the courses"))
    framework = SelectField(lazy_gettext("Standards framework to tag with"), validate_choice=False)


class TagForm(Form):
    """The standards come as check boxes named ``standard`` (the view reads them with form_int)."""

    entry = HiddenField()
