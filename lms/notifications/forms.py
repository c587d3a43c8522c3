"""The e-mail choices on the account page."""

from __future__ import annotations

from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from lms.core.forms import Form
from lms.core.i18n import lazy_gettext
from lms.notifications.services import KIND_LABELS


class EmailPreferencesForm(Form):
    wanted = SelectMultipleField(
        lazy_gettext("Send me an e-mail when"),
        choices=lambda: {kind: str(label) for kind, label in KIND_LABELS.items()},  # in the request's language
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
