"""The quiz and reflection forms."""

from __future__ import annotations

from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from lms.core.forms import Form
from lms.core.i18n import lazy_gettext


class QuizForm(Form):
    """The answers are read from q0, q1 ... (radio buttons and checkboxes built from the quiz)."""

    attempt = HiddenField(validators=[DataRequired(message=lazy_gettext("Reload the page and try again."))])


class ReflectionForm(Form):
    text = TextAreaField(lazy_gettext("Your reflection"),
                         validators=[DataRequired(message=lazy_gettext("Write your reflection first."))])
