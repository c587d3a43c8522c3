"""The buttons and small forms under a post and a thread: helpful, report, and the tutors' tools.
A button says the state it asks for (``on`` = 1 or 0), never "toggle": a double click asks twice
for the same thing, which changes nothing the second time."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form, strip
from lms.core.i18n import lazy_gettext
from lms.discussions.services.moderation import NOTE_MAX, REPORT_REASONS

LONG = lazy_gettext("Write at most %(max)d characters.")


class SwitchForm(Form):
    """Helpful, pin, lock, endorse: a button that asks for one state."""

    on = HiddenField(default="1")

    @property
    def wanted(self) -> bool:
        return self.on.data != "0"


class ReportForm(Form):
    reason = RadioField(lazy_gettext("Why do you report this post?"),
                        choices=lambda: [(key, str(label)) for key, label in REPORT_REASONS.items()],
                        validators=[DataRequired(message=lazy_gettext("Choose why you report this post."))])
    note = TextAreaField(lazy_gettext("A note for the tutors (optional)"), filters=[strip], render_kw={"rows": 3},
                         validators=[Length(max=NOTE_MAX, message=LONG)])


class HideForm(Form):
    reason = StringField(lazy_gettext("Reason for hiding (sent to the author)"), filters=[strip],
                         validators=[DataRequired(message=lazy_gettext("Give a reason for hiding it: the author of the post will read it.")),
                                     Length(max=NOTE_MAX, message=LONG)])


class RestoreForm(Form):
    reason = StringField(lazy_gettext("Reason (optional)"), filters=[strip], validators=[Length(max=NOTE_MAX, message=LONG)])
