"""Submitting work, flagging and rating reviews; a tutor's reasons for hiding or overriding."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form, strip
from lms.peer_review.services import FLAG_REASONS

HELPFULNESS = {"5": "5: very helpful", "4": "4", "3": "3", "2": "2", "1": "1: not helpful"}


class SubmissionForm(Form):
    text = TextAreaField("Your work", validators=[DataRequired(message="Write your work first.")],
                         description="Markdown is welcome: headings, lists, links, tables.")
    attachment = FileField("Attachment (optional)", description="PDF, image or office document, up to 10 MB.")


class FlagForm(Form):
    reason = SelectField("Reason", choices=FLAG_REASONS)
    note = TextAreaField("What a tutor should know (optional)")


class RateForm(Form):
    helpfulness = SelectField("How helpful was this review?", choices=HELPFULNESS)


REASON_LENGTH = Length(max=2000, message="Keep the reason under 2,000 characters.")


class ModerationForm(Form):
    """A tutor's decision on a report: the buttons say which; hiding needs the reason (checked by the service)."""
    reason = StringField("Reason for hiding", filters=[strip], validators=[REASON_LENGTH])


class OverrideForm(Form):
    """Reviewing it myself, or setting the result by hand with the reason the learner reads."""
    reason = TextAreaField("Reason", filters=[strip], validators=[REASON_LENGTH])
