"""The quiz and reflection forms."""

from __future__ import annotations

from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from lms.core.forms import Form


class QuizForm(Form):
    """The answers are read from q0, q1 ... (radio buttons and checkboxes built from the quiz)."""

    attempt = HiddenField(validators=[DataRequired()])


class ReflectionForm(Form):
    text = TextAreaField("Your reflection", validators=[DataRequired(message="Write your reflection first.")])
