"""The "My data" page's forms."""

from __future__ import annotations

from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form
from lms.core.i18n import lazy_gettext


class EraseForm(Form):
    password = PasswordField(lazy_gettext("Your password"), validators=[
        DataRequired(lazy_gettext("Enter your password to confirm.")),
        Length(max=1000, message=lazy_gettext("Your password is not correct."))],
        description=lazy_gettext("Your password confirms that it is you asking."))
