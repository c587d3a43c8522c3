"""Submitting work, flagging and rating reviews."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired

from lms.core.forms import Form
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
