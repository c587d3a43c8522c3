"""The forms people write in: a new thread, a reply, an edit. Each new post's form carries a token,
so that the same form sent twice (a double click, a reload) posts once."""

from __future__ import annotations

import uuid

from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from lms.core.forms import Form, form_int, strip
from lms.core.i18n import lazy_gettext
from lms.discussions.services.posting import TEXT_MAX, TITLE_MAX

MARKDOWN_HINT = lazy_gettext("Markdown: **bold**, *italic*, [a link](https://example.org), lists starting with - or 1., "
                             "> for a quotation. Images and videos are not shown.")


def _token() -> str:
    return uuid.uuid4().hex


def _body(label):
    return TextAreaField(label, description=MARKDOWN_HINT, render_kw={"rows": 8}, validators=[
        DataRequired(message=lazy_gettext("Write your message.")),
        Length(max=TEXT_MAX, message=lazy_gettext("Write at most %(max)d characters."))])


def _title():
    return StringField(lazy_gettext("Title"), filters=[strip], render_kw={"maxlength": TITLE_MAX}, validators=[
        DataRequired(message=lazy_gettext("Give your thread a title.")),
        Length(max=TITLE_MAX, message=lazy_gettext("Write a title of at most %(max)d characters."))])


class TokenForm(Form):
    token = HiddenField(default=_token)  # one post however often this very form is sent

    def fresh_token(self) -> None:
        """After a refusal the form is shown again: pressing the button again must be able to post."""
        self.token.data = _token()


class ThreadForm(TokenForm):
    title = _title()
    body = _body(lazy_gettext("Your message"))


class ReplyForm(TokenForm):
    body = _body(lazy_gettext("Your reply"))
    quoted_post_id = HiddenField()

    def quoted(self) -> int | None:
        return form_int(self.quoted_post_id.data)


class EditForm(Form):
    body = _body(lazy_gettext("Your message"))


class EditFirstPostForm(EditForm):
    title = _title()
