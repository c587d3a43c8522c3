"""The invitation a person gets when they hold a place: an e-mail in their language and zone
with an iCalendar invitation attached (METHOD:REQUEST; one UID per event, so a calendar app
updates the same entry; the online link only in this person's own copy), and what the
learner's calendar feed lists."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import urlsplit

from flask import current_app, render_template
from sqlalchemy import select, update

from lms.core.calendar_sources import CalendarEntry
from lms.core.extensions import db
from lms.core.filters import localtime
from lms.core.i18n import default_language, gettext, in_language, is_language
from lms.core.mail import Letter, mailer, message_id
from lms.core.text import as_one_line
from lms.core.urls import external_url
from lms.events import queries
from lms.events.models import Event, Registration

BATCH = 100


def event_uid(event: Event) -> str:
    """The same for every copy of one event's invitation, for ever."""
    host = urlsplit(current_app.config["BASE_URL"]).hostname or "localhost"
    return f"event-{event.id}@{host}"


def invitation_ics(event: Event, *, name: str, email: str, with_link: bool, now: datetime) -> bytes:
    """An iCalendar invitation (RFC 5545/5546) to ``event`` for one person. ``with_link``: this
    person holds a place, so the online link may be in it."""
    from icalendar import Calendar, Event as VEvent, vCalAddress, vText  # imported late: slow to import

    calendar = Calendar()
    calendar.add("prodid", "-//STEM Academy LMS//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    entry = VEvent()
    entry.add("uid", event_uid(event))
    entry.add("sequence", int(event.updated_at.timestamp()) - int(event.created_at.timestamp()))
    entry.add("dtstamp", now)
    zone = _zone(event.timezone)
    entry.add("dtstart", event.starts_at.astimezone(zone))
    entry.add("dtend", event.ends_at.astimezone(zone))
    entry.add("summary", vText(as_one_line(event.title)))
    page = external_url("events.event", ref=event.slug)
    entry.add("url", page)
    location = event.online_link if with_link and event.online_link else event.place
    if location:
        entry.add("location", vText(as_one_line(location)))
    entry.add("description", vText(_description(event, page, with_link)))
    organizer = vCalAddress("mailto:" + parseaddr(current_app.config["MAIL_SENDER"])[1])
    organizer.params["cn"] = vText(as_one_line(parseaddr(current_app.config["MAIL_SENDER"])[0] or "LMS"))
    entry.add("organizer", organizer)
    attendee = vCalAddress("mailto:" + email)
    attendee.params.update({"cn": vText(as_one_line(name)), "role": "REQ-PARTICIPANT", "partstat": "ACCEPTED", "rsvp": "FALSE"})
    entry.add("attendee", attendee)
    calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _description(event: Event, page: str, with_link: bool) -> str:
    lines = [gettext("The event's page: %(link)s", link=page)]
    if with_link and event.online_link:
        lines.append(gettext("Join online: %(link)s", link=event.online_link))
    if event.place:
        lines.append(gettext("Where: %(place)s", place=as_one_line(event.place)))
    return "\n".join(lines)


def _language(code: str | None) -> str:
    return code if is_language(code) else default_language()


def invitation_letter(event: Event, registration: Registration, user, *, now: datetime) -> Letter:
    """The e-mail with the invitation attached, in the person's language and time zone."""
    config = current_app.config
    language = _language(user.language)
    with in_language(language):
        subject = gettext("Your place: %(event)s", event=as_one_line(event.title))
        text = render_template("events/email/invitation.txt", event=event, user=user, promoted=registration.promoted_at is not None,
                               starts=localtime(event.starts_at, user.timezone), ends=localtime(event.ends_at, user.timezone),
                               own_zone=localtime(event.starts_at, event.timezone), page=external_url("events.event", ref=event.slug))
        ics = invitation_ics(event, name=user.name, email=user.email, with_link=True, now=now)
    message = EmailMessage()
    identifier = message_id(f"{now:%Y%m%d%H%M%S}.event-{event.id}-place-{registration.id}")
    message["From"], message["To"], message["Subject"] = config["MAIL_SENDER"], user.email, subject
    message["Message-ID"], message["Date"] = identifier, format_datetime(now)
    message.set_content(text)
    message.add_attachment(ics, maintype="text", subtype="calendar", filename="invitation.ics", params={"method": "REQUEST"})
    message["Content-Language"] = language
    return Letter(user.email, identifier, message)


def claim_invitations(*, now: datetime) -> list[int]:
    """Registrations holding a place whose invitation has not gone, for events not over: each
    claimed by a conditional UPDATE (the caller commits), so two schedulers never send one twice."""
    candidates = db.session.scalars(select(Registration.id).join(Event, Event.id == Registration.event_id).where(
        Registration.status == "registered", Registration.invitation_sent_at.is_(None), Event.ends_at > now)
        .order_by(Registration.id).limit(BATCH)).all()
    claimed = []
    for registration_id in candidates:
        if db.session.execute(update(Registration).where(
                Registration.id == registration_id, Registration.status == "registered",
                Registration.invitation_sent_at.is_(None)).values(invitation_sent_at=now)).rowcount:
            claimed.append(registration_id)
    return claimed


def send_invitations(registration_ids: list[int], *, now: datetime) -> tuple[int, list[int]]:
    """Send the claimed invitations over one SMTP connection. Returns how many went, and the ids
    that failed (given back: the caller clears their mark so the next run tries again)."""
    rows = db.session.execute(select(Registration, Event).join(Event, Event.id == Registration.event_id)
                              .where(Registration.id.in_(registration_ids))).all() if registration_ids else []
    users = queries.people([registration.user_id for registration, _ in rows])
    sent, failed, by_message = 0, [], {}
    with mailer() as outbox:
        outcomes = []
        for registration, event in rows:
            letter = invitation_letter(event, registration, users[registration.user_id], now=now)
            by_message[letter.message_id] = registration.id
            outcomes += outbox.send(letter)
        outcomes += outbox.flush()
    for letter, error in outcomes:
        if error is None:
            sent += 1
        else:
            failed.append(by_message[letter.message_id])
    return sent, failed


def give_back(registration_ids: list[int]) -> None:
    if registration_ids:
        db.session.execute(update(Registration).where(Registration.id.in_(registration_ids)).values(invitation_sent_at=None))


def calendar_entries(user_id: int, now: datetime) -> list[CalendarEntry]:
    """The events a person registered for (or waits for), for their calendar feed: the event's
    page and place, never the online link (the feed's address may be shared; the page shows the
    link to whoever holds a place)."""
    rows = db.session.execute(select(Event, Registration.status).join(Registration, Registration.event_id == Event.id).where(
        Registration.user_id == user_id, Registration.status.in_(("registered", "waiting")))
        .order_by(Event.starts_at)).all()
    entries = []
    for event, status in rows:
        summary = (gettext("%(event)s (waiting list)", event=event.title) if status == "waiting" else event.title)
        entries.append(CalendarEntry(event_uid(event), event.starts_at, event.ends_at, summary,
                                     external_url("events.event", ref=event.slug), event.place))
    return entries
