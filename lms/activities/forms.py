"""The quiz and reflection forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired


class QuizForm(FlaskForm):
    """The answers are read from q0, q1 ... (radio buttons and checkboxes built from the quiz)."""

    attempt = HiddenField(validators=[DataRequired()])


class ReflectionForm(FlaskForm):
    text = TextAreaField("Your reflection", validators=[DataRequired(message="Write your reflection first.")])
