"""The administration's forms. Every message is the site's own, in the reader's language."""

from __future__ import annotations

from datetime import date

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

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
    except (TypeError, ValueError):
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
