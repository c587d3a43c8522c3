"""The moderation queue's decision: which item (a hidden field), which action (the button pressed)
and the tutor's reason."""

from __future__ import annotations

from wtforms import HiddenField, StringField
from wtforms.validators import Length

from lms.core.forms import Form, strip
from lms.core.i18n import lazy_gettext
from lms.discussions.services.moderation import NOTE_MAX


class DecisionForm(Form):
    item = HiddenField()
    action = HiddenField()  # the button pressed sends its value under this name
    reason = StringField(lazy_gettext("Reason"), filters=[strip],
                         validators=[Length(max=NOTE_MAX, message=lazy_gettext("Write at most %(max)d characters."))])
