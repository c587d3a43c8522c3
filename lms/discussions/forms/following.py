"""Following's forms: the Follow button, and the account page's "In discussions" settings (how
one is named beside posts, and how replies in followed threads come by e-mail)."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectField
from wtforms.validators import ValidationError
from wtforms.widgets import ListWidget, RadioInput

from lms.core.forms import Form
from lms.core.i18n import gettext, lazy_gettext
from lms.discussions.services.names import EMAIL_CHOICES, country_choices, role_choices

SHOWN_BESIDE_NAME = lazy_gettext("Shown beside your name in discussions, if you choose one; never in peer review.")


class FollowForm(Form):
    """Follow ("1") or stop ("0"): the state asked for, so a double click changes nothing."""

    follow = HiddenField(default="1")

    @property
    def wanted(self) -> bool:
        return self.follow.data != "0"


class _Listed:
    """A choice from the list (the empty one meaning none); anything else refused in the site's own words."""

    refused: str  # the subclass's own words

    def pre_validate(self, form) -> None:
        choices = self.choices() if callable(self.choices) else self.choices
        if self.data not in {value for value, _ in choices}:
            raise ValidationError(str(self.refused))


class RoleField(_Listed, SelectField):
    refused = lazy_gettext("Choose a role from the list.")


class CountryField(_Listed, SelectField):
    refused = lazy_gettext("Choose a country from the list.")


class EmailChoiceField(_Listed, RadioField):
    refused = lazy_gettext("Choose how replies reach you by e-mail.")
    widget = ListWidget(prefix_label=False)
    option_widget = RadioInput()


class DiscussionSettingsForm(Form):
    professional_role = RoleField(lazy_gettext("Your role"), description=SHOWN_BESIDE_NAME,
                                  choices=lambda: [("", gettext("Not shown")), *role_choices()])
    country = CountryField(lazy_gettext("Country"), description=SHOWN_BESIDE_NAME,
                           choices=lambda: [("", gettext("Not shown")), *country_choices()])
    discussion_email = EmailChoiceField(lazy_gettext("Replies in discussions you follow, by e-mail"),
                                        choices=lambda: [(code, str(label)) for code, label in EMAIL_CHOICES.items()])
