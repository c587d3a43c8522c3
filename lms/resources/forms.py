"""The forms of resources: a rating (1 to 5 stars) and the save/remove buttons."""

from __future__ import annotations

from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from lms.core.forms import ActionForm, Form
from lms.core.i18n import lazy_gettext


class RatingForm(Form):
    stars = RadioField(lazy_gettext("Your rating"), choices=[SelectChoice(n, str(n)) for n in range(1, 6)], coerce=int,
                       validators=[InputRequired(lazy_gettext("Choose from 1 to 5 stars."))])


class SaveForm(ActionForm):
    """Save to, or remove from, My resources (the button's own form)."""
