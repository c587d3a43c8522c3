"""The enrolment button on a course page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired


class EnrolForm(FlaskForm):
    run_id = HiddenField(validators=[DataRequired()])
