"""Submitting work, flagging and rating reviews; a tutor's reasons for hiding or overriding."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form, LanguageField, strip
from lms.core.i18n import lazy_gettext
from lms.peer_review.services import FLAG_REASONS

HELPFULNESS = {"5": lazy_gettext("5: very helpful"), "4": "4", "3": "3", "2": "2", "1": lazy_gettext("1: not helpful")}


def _in_words(choices: dict) -> dict[str, str]:
    """A select's choices in the language of this request."""
    return {value: str(label) for value, label in choices.items()}


class SubmissionForm(Form):
    text = TextAreaField(lazy_gettext("Your work"), validators=[DataRequired(message=lazy_gettext("Write your work first."))],
                         description=lazy_gettext("Markdown is welcome: headings, lists, links, tables."))
    language = LanguageField(lazy_gettext("Language of this work"),
                             description=lazy_gettext("Reviewers who read it are offered it first."))
    attachment = FileField(lazy_gettext("Attachment (optional)"),
                           description=lazy_gettext("PDF, image or office document, up to 10 MB."))


class FlagForm(Form):
    reason = SelectField(lazy_gettext("Reason"), choices=lambda: _in_words(FLAG_REASONS),
                         invalid_choice_message=lazy_gettext("Choose a reason."))
    note = TextAreaField(lazy_gettext("What a tutor should know (optional)"))


class RateForm(Form):
    helpfulness = SelectField(lazy_gettext("How helpful was this review?"), choices=lambda: _in_words(HELPFULNESS),
                              invalid_choice_message=lazy_gettext("Rate from 1 (not helpful) to 5 (very helpful)."))


REASON_LENGTH = Length(max=2000, message=lazy_gettext("Keep the reason under 2,000 characters."))


class ModerationForm(Form):
    """A tutor's decision on a report: the buttons say which; hiding needs the reason (checked by the service)."""
    reason = StringField(lazy_gettext("Reason for hiding"), filters=[strip], validators=[REASON_LENGTH])


class OverrideForm(Form):
    """Reviewing it myself, or setting the result by hand with the reason the learner reads."""
    reason = TextAreaField(lazy_gettext("Reason"), filters=[strip], validators=[REASON_LENGTH])
