"""The enrolment button on a course page."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import DataRequired

from lms.core.forms import Form


class EnrolForm(Form):
    run_id = HiddenField(validators=[DataRequired()])
