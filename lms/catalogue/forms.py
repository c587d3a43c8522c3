"""The enrolment button on a course page."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import DataRequired

from lms.core.forms import Form
from lms.core.i18n import lazy_gettext


class EnrolForm(Form):
    run_id = HiddenField(validators=[DataRequired(message=lazy_gettext("Choose a run of the course."))])
