"""The e-mail choices on the account page."""

from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.forms import Form
from lms.notifications.services import KIND_LABELS


class EmailPreferencesForm(Form):
    wanted = SelectMultipleField(
        "Send me an e-mail when",
        choices=KIND_LABELS,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
