"""Events as organisers define them: checking what they typed (each problem on its field),
creating and changing events, and reading them for the public list and page."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select, update

from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext
from lms.core.text import as_one_line
from lms.events import queries
from lms.events.models import KINDS, Event, Registration

KIND_LABELS = {
    "online_workshop": lazy_gettext("Online workshop"),
    "in_person_workshop": lazy_gettext("In-person workshop"),
    "conference_session": lazy_gettext("Conference session"),
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I/L to misread on a slide
MAX_CAPACITY = 100_000
MAX_PRESENTERS = 20


@dataclass
class EventInput:
    """What an organiser typed (the form or the command line): times are wall-clock times in
    ``timezone``, the event's own zone."""

    title: str
    kind: str
    starts: datetime  # naive, in ``timezone``
    ends: datetime
    timezone: str
    capacity: int | None
    slug: str = ""
    description: str = ""
    place: str = ""
    online_link: str = ""
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    course_slug: str = ""
    programme_slug: str = ""
    presenters: list[str] = field(default_factory=list)
    awards_badge: bool = False


def slugify(title: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", title.lower().encode("ascii", "ignore").decode()).strip("-")
    return words[:70].rstrip("-") or "event"


def parse_presenters(text: str) -> list[str]:
    """Names one per line (or separated by semicolons)."""
    return [as_one_line(name).strip() for name in re.split(r"[\n;]", text or "") if name.strip()]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError("timezone", gettext("Choose a time zone from the list.")) from None


def _utc(local: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if local is None else local.replace(tzinfo=zone).astimezone(timezone.utc)


def _check_link(link: str) -> str:
    parts = urlsplit(link)
    if parts.scheme not in ("https", "http") or not parts.hostname or len(link) > 500 or " " in link:
        raise ValidationError("online_link", gettext("Give the full address of the meeting, starting with https://."))
    return link


def _check_texts(data: EventInput) -> None:
    if not data.title.strip() or len(data.title) > 200:
        raise ValidationError("title", gettext("Give a title of at most 200 characters."))
    if data.kind not in KINDS:
        raise ValidationError("kind", gettext("Choose a kind from the list."))
    if data.capacity is None or not 1 <= data.capacity <= MAX_CAPACITY:
        raise ValidationError("capacity", gettext("Give the number of places, from 1 to 100,000."))
    if len(data.description) > 50_000:
        raise ValidationError("description", gettext("The description is too long (at most 50,000 characters)."))
    if len(data.place) > 300:
        raise ValidationError("place", gettext("Give the place in at most 300 characters."))
    if data.kind == "in_person_workshop" and not data.place.strip():
        raise ValidationError("place", gettext("Say where the workshop takes place."))
    if data.kind == "online_workshop" and not data.online_link.strip():
        raise ValidationError("online_link", gettext("Give the link of the online meeting."))
    if data.online_link:
        _check_link(data.online_link)
    if len(data.presenters) > MAX_PRESENTERS or any(len(name) > 120 for name in data.presenters):
        raise ValidationError("presenters", gettext("Name at most 20 presenters, each in at most 120 characters."))
    for name in ("course_slug", "programme_slug"):
        value = getattr(data, name)
        if value and (not SLUG.match(value) or len(value) > 80):
            raise ValidationError(name, gettext("A slug is lower-case letters, digits and hyphens."))
    if data.course_slug and not queries.course_exists(data.course_slug):
        raise ValidationError("course_slug", gettext("No course has this slug."))


def _check_times(data: EventInput) -> dict[str, datetime | None]:
    zone = _zone(data.timezone)
    starts, ends = _utc(data.starts, zone), _utc(data.ends, zone)
    if ends <= starts or ends - starts > timedelta(days=14):
        raise ValidationError("ends", gettext("The end must come after the start, within 14 days."))
    opens, closes = _utc(data.registration_opens, zone), _utc(data.registration_closes, zone)
    if closes is not None and closes > ends:
        raise ValidationError("registration_closes", gettext("Registration must close before the event ends."))
    if opens is not None and (opens >= starts or (closes is not None and opens >= closes)):
        raise ValidationError("registration_opens", gettext("Registration must open before it closes and before the event starts."))
    return {"starts_at": starts, "ends_at": ends, "registration_opens_at": opens, "registration_closes_at": closes}


def _check_slug(slug: str, event_id: int | None) -> str:
    if not SLUG.match(slug) or len(slug) > 80 or slug.isdecimal() or slug == "new":
        raise ValidationError("slug", gettext("A slug is lower-case letters, digits and hyphens (not only digits)."))
    taken = db.session.scalar(select(Event.id).where(Event.slug == slug))
    if taken is not None and taken != event_id:
        raise ValidationError("slug", gettext("Another event has this slug: choose another."))
    return slug


def _values(data: EventInput, event_id: int | None) -> dict:
    _check_texts(data)
    values = _check_times(data)
    slug = _check_slug(data.slug.strip() or slugify(data.title), event_id)
    return {**values, "slug": slug, "title": as_one_line(data.title).strip(), "description": data.description,
            "kind": data.kind, "timezone": data.timezone, "place": data.place.strip() or None,
            "online_link": data.online_link.strip() or None, "capacity": data.capacity,
            "course_slug": data.course_slug or None, "programme_slug": data.programme_slug or None,
            "presenters": data.presenters, "awards_badge": data.awards_badge}


def create_event(actor_id: int | None, data: EventInput, *, now: datetime) -> Event:
    """A new event (a slug made from the title unless one is given); raises ValidationError."""
    event = Event(**_values(data, None), attendance_code=new_code(), created_by=actor_id, created_at=now, updated_at=now)
    db.session.add(event)
    db.session.flush()
    return event


INVITED_WITH = ("title", "starts_at", "ends_at", "timezone", "place", "online_link")  # what an invitation says


def update_event(event: Event, data: EventInput, *, now: datetime) -> Event:
    """Change an event. More places let people on the waiting list in (the caller fills them); a
    change to what the invitation says sends everyone holding a place a new one (the same UID, a
    higher SEQUENCE: their calendar app updates its entry)."""
    values = _values(data, event.id)
    changed = any(getattr(event, name) != values[name] for name in INVITED_WITH)
    for name, value in values.items():
        setattr(event, name, value)
    event.updated_at = now
    if changed:
        db.session.execute(update(Registration).where(Registration.event_id == event.id, Registration.status == "registered")
                           .values(invitation_sent_at=None))
    db.session.flush()
    return event


def as_input(event: Event) -> EventInput:
    """An event as its form shows it: local times in its own zone."""
    zone = ZoneInfo(event.timezone)

    def local(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(zone).replace(tzinfo=None)

    return EventInput(event.title, event.kind, local(event.starts_at), local(event.ends_at), event.timezone, event.capacity,
                      event.slug, event.description, event.place or "", event.online_link or "",
                      local(event.registration_opens_at), local(event.registration_closes_at), event.course_slug or "",
                      event.programme_slug or "", list(event.presenters or []), event.awards_badge)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def find_event(ref: str) -> Event:
    """An event by id or slug (``/events/12`` or ``/events/stem-fair``); NotFound otherwise."""
    ref = ref or ""
    if ref.isdecimal() and ref.isascii() and len(ref) <= 9:
        event = db.session.get(Event, int(ref))
    elif SLUG.match(ref) and len(ref) <= 80:
        event = db.session.scalar(select(Event).where(Event.slug == ref))
    else:
        event = None
    if event is None:
        raise NotFound(gettext("No such event."))
    return event


@dataclass(frozen=True)
class EventList:
    events: list[Event]
    kind: str | None
    past: bool
    page: int
    pages: int
    total: int
    taken: dict[int, int]  # places taken per event on this page


PAGE_SIZE = 20


def list_events(*, kind: str | None, past: bool, page: int, now: datetime) -> EventList:
    """Upcoming events soonest first (or past ones, latest first), filtered by kind, a page at a time."""
    kind = kind if kind in KINDS else None
    query = select(Event)
    query = query.where(Event.ends_at < now) if past else query.where(Event.ends_at >= now)
    if kind:
        query = query.where(Event.kind == kind)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    ordering = (Event.starts_at.desc(), Event.id.desc()) if past else (Event.starts_at, Event.id)
    events = list(db.session.scalars(query.order_by(*ordering).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return EventList(events, kind, past, page, pages, total, places_taken([event.id for event in events]))


def places_taken(event_ids: list[int]) -> dict[int, int]:
    """How many people hold a place at each of these events (one grouped COUNT)."""
    if not event_ids:
        return {}
    rows = db.session.execute(select(Registration.event_id, func.count()).where(
        Registration.event_id.in_(event_ids), Registration.status == "registered").group_by(Registration.event_id))
    return {event_id: count for event_id, count in rows}
