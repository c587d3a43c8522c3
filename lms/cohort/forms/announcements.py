"""The announcement forms: what to say and to whom; when to send it."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.validators import ValidationError as FieldError

from lms.cohort.services.announcements import BODY_MAX, SUBJECT_MAX, Draft
from lms.cohort.services.learners import SEARCH_MAX, STATUSES, LearnerFilter
from lms.core.forms import Form, LanguageField, strip
from lms.core.i18n import is_language, lazy_gettext

LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")  # what <input type="datetime-local"> sends


class AnnouncementForm(Form):
    token = HiddenField(default=lambda: uuid.uuid4().hex)  # one draft however often this very form is sent
    subject = StringField(lazy_gettext("Subject"), filters=[strip], validators=[
        DataRequired(message=lazy_gettext("Write a subject.")),
        Length(max=SUBJECT_MAX, message=lazy_gettext("Write a subject of at most %(max)d characters."))])
    body = TextAreaField(
        lazy_gettext("Message"), render_kw={"rows": 12},
        description=lazy_gettext("Markdown: **bold**, *italic*, [a link](https://example.org), lists starting with - or 1. "
                                 "Images and videos are not shown."),
        validators=[DataRequired(message=lazy_gettext("Write the message.")),
                    Length(max=BODY_MAX, message=lazy_gettext("Write a message of at most %(max)d characters."))])
    language = LanguageField(lazy_gettext("Language of this announcement"))
    # Odd values are ignored, as in the learner list (LearnerFilter.from_args): everyone.
    status = SelectField(lazy_gettext("Send it to"), choices=lambda: [(key, str(label)) for key, label in STATUSES.items()],
                         validate_choice=False)
    search = StringField(lazy_gettext("Only learners whose name or e-mail contains (optional)"), filters=[strip],
                         validators=[Length(max=SEARCH_MAX, message=lazy_gettext("Write at most %(max)d characters."))])

    def draft(self) -> Draft:
        learner_filter = LearnerFilter.from_args({"search": self.search.data or "", "status": self.status.data or ""})
        return Draft(self.subject.data or "", self.body.data or "", self.language.data or "", learner_filter)

    def written_in(self) -> str | None:
        """The language the message is written in, if it is one of ours (the text area says so)."""
        return self.language.data if is_language(self.language.data) else None

    def fill(self, announcement) -> None:
        """The form for changing an announcement that has not gone yet."""
        self.subject.data, self.body.data, self.language.data = announcement.subject, announcement.body, announcement.language
        self.status.data, self.search.data = announcement.status, announcement.search


class ScheduleForm(Form):
    send_at = StringField(lazy_gettext("Send it at"), render_kw={"type": "datetime-local"},
                          validators=[DataRequired(message=lazy_gettext("Choose a date and time."))])

    def validate_send_at(self, field) -> None:
        if self.local_time() is None:
            raise FieldError(str(lazy_gettext("Enter a date and time such as 2017-10-09T09:00.")))

    def local_time(self) -> datetime | None:
        for pattern in LOCAL_FORMATS:
            try:
                return datetime.strptime(self.send_at.data or "", pattern)
            except ValueError:
                continue
        return None

    def when(self, zone: str) -> datetime | None:
        """The time typed, in ``zone`` (the tutor's), as UTC; None (with the field's error) if there is none."""
        local = self.local_time()
        try:
            return local.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc) if local else None
        except (OverflowError, ValueError):  # the first or last days of the calendar, shifted past its ends
            self.send_at.errors = [*self.send_at.errors, str(lazy_gettext("Choose a time within the next year."))]
            return None
