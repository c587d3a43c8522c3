"""The verify form: a credential pasted, a badge image, or an address; optionally the recipient's e-mail."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from lms.core.forms import Form
from lms.core.i18n import lazy_gettext


class VerifyForm(Form):
    credential = TextAreaField(lazy_gettext("Credential (JSON or JWT)"), validators=[Optional()])
    image = FileField(lazy_gettext("Badge image (PNG or SVG)"))
    url = StringField(lazy_gettext("Address of the badge"), validators=[Optional(), Length(max=2000)])
    email = StringField(lazy_gettext("Recipient's e-mail address (optional)"), validators=[Optional(), Length(max=320)])
