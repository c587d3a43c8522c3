"""The forms of events: an event as organisers define it, the attendance code, feedback, a
message to everyone registered."""

from __future__ import annotations

import secrets
from functools import cache
from zoneinfo import available_timezones

from wtforms import BooleanField, DateTimeLocalField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from lms.core.forms import Form, strip
from lms.core.i18n import lazy_gettext
from lms.events import services

WHEN = "%Y-%m-%dT%H:%M"
TIME_MESSAGE = lazy_gettext("Give a date and time, as 2026-03-14 18:30.")


@cache
def zone_choices() -> dict[str, str]:
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/")))
    return {"UTC": "UTC", **{zone: zone.replace("_", " ") for zone in zones}}


class EventForm(Form):
    title = StringField(lazy_gettext("Title"), filters=[strip], validators=[InputRequired(), Length(max=200)])
    slug = StringField(lazy_gettext("Address (slug)"), filters=[strip], validators=[Optional(), Length(max=80)],
                       description=lazy_gettext("Lower-case letters, digits and hyphens; made from the title if left empty."))
    kind = SelectField(lazy_gettext("Kind"), choices=lambda: {kind: str(label) for kind, label in services.KIND_LABELS.items()})
    description = TextAreaField(lazy_gettext("Description"), validators=[Length(max=50_000)],
                                description=lazy_gettext("Markdown: **bold**, lists, links."))
    starts = DateTimeLocalField(lazy_gettext("Starts"), format=WHEN, validators=[InputRequired(message=TIME_MESSAGE)])
    ends = DateTimeLocalField(lazy_gettext("Ends"), format=WHEN, validators=[InputRequired(message=TIME_MESSAGE)])
    timezone = SelectField(lazy_gettext("Time zone of the event"), choices=zone_choices, default="Europe/Brussels",
                           description=lazy_gettext("The times above are in this zone; readers see them in their own too."))
    place = StringField(lazy_gettext("Place"), filters=[strip], validators=[Length(max=300)],
                        description=lazy_gettext("The address, for a workshop in person."))
    online_link = StringField(lazy_gettext("Online link"), filters=[strip], validators=[Length(max=500)],
                              description=lazy_gettext("Shown only to people who hold a place."))
    capacity = IntegerField(lazy_gettext("Places"), validators=[InputRequired(message=lazy_gettext("Give the number of places."))])
    registration_opens = DateTimeLocalField(lazy_gettext("Registration opens"), format=WHEN, validators=[Optional()],
                                            description=lazy_gettext("Empty: open now."))
    registration_closes = DateTimeLocalField(lazy_gettext("Registration closes"), format=WHEN, validators=[Optional()],
                                             description=lazy_gettext("Empty: until the event ends."))
    course_slug = StringField(lazy_gettext("Linked course (slug)"), filters=[strip], validators=[Length(max=80)])
    programme_slug = StringField(lazy_gettext("Linked programme (slug)"), filters=[strip], validators=[Length(max=80)],
                                 description=lazy_gettext("Attendance counts as a workshop of this programme."))
    presenters = TextAreaField(lazy_gettext("Presenters"), validators=[Length(max=3000)],
                               description=lazy_gettext("One name per line."))
    awards_badge = BooleanField(lazy_gettext("Attendance earns a badge (“Attended …”)"))

    def to_input(self) -> services.EventInput:
        return services.EventInput(
            title=self.title.data or "", kind=self.kind.data, starts=self.starts.data, ends=self.ends.data,
            timezone=self.timezone.data, capacity=self.capacity.data, slug=self.slug.data or "",
            description=self.description.data or "", place=self.place.data or "", online_link=self.online_link.data or "",
            registration_opens=self.registration_opens.data, registration_closes=self.registration_closes.data,
            course_slug=self.course_slug.data or "", programme_slug=self.programme_slug.data or "",
            presenters=services.parse_presenters(self.presenters.data or ""), awards_badge=bool(self.awards_badge.data))

    def fill(self, data: services.EventInput) -> None:
        for name in ("title", "slug", "kind", "description", "starts", "ends", "timezone", "place", "online_link", "capacity",
                     "registration_opens", "registration_closes", "course_slug", "programme_slug", "awards_badge"):
            getattr(self, name).data = getattr(data, name)
        self.presenters.data = "\n".join(data.presenters)


class CodeForm(Form):
    code = StringField(lazy_gettext("Attendance code"), filters=[strip], validators=[InputRequired(), Length(max=32)],
                       description=lazy_gettext("The code the organisers show at the event."))


RATINGS = {str(value): str(value) for value in range(5, 0, -1)}


class FeedbackForm(Form):
    rating = RadioField(lazy_gettext("How valuable was the event for you? (5: extremely valuable, 1: not at all)"),
                        choices=RATINGS, validators=[InputRequired(message=lazy_gettext("Choose a rating from 1 to 5."))])
    liked = TextAreaField(lazy_gettext("What was most useful?"), validators=[Length(max=5000)])
    improve = TextAreaField(lazy_gettext("What would you change or like more of?"), validators=[Length(max=5000)])


class MessageForm(Form):
    token = HiddenField(default=lambda: secrets.token_urlsafe(16))
    subject = StringField(lazy_gettext("Subject"), filters=[strip], validators=[InputRequired(), Length(max=200)])
    body = TextAreaField(lazy_gettext("Message"), validators=[InputRequired(), Length(max=20_000)],
                         description=lazy_gettext("Markdown. Everyone holding a place receives it, in the app and by e-mail."))
