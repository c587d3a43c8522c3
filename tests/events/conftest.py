"""Events' builders: an organiser, an event a few days after NOW, people registered through
the service, and a meeting point for racing requests at the event's lock."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event as sa_event, select

from lms.core.extensions import db
from lms.events import services
from lms.events.models import Registration
from tests.conftest import NOW
from tests.factories import log_in, make_user

LINK = "https://meet.example.org/secret-room-4711"


def local(moment: datetime, zone: str = "Europe/Brussels") -> datetime:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def make_event(*, capacity: int = 2, starts: datetime | None = None, hours: float = 2, kind: str = "online_workshop",
               online_link: str = LINK, zone: str = "Europe/Brussels", **more):
    starts = starts or NOW + timedelta(days=3)
    data = services.EventInput(title=more.pop("title", "Careers in robotics"), kind=kind, starts=local(starts, zone),
                               ends=local(starts + timedelta(hours=hours), zone), timezone=zone, capacity=capacity,
                               online_link=online_link, place=more.pop("place", ""), **more)
    event = services.create_event(None, data, now=NOW)
    db.session.commit()
    return event


def make_people(count: int, prefix: str = "person") -> list:
    return [make_user(email=f"{prefix}{index}@example.org", name=f"Person {index}", now=NOW) for index in range(count)]


def register_all(event, people, *, now: datetime = NOW) -> None:
    for person in people:
        services.register(event, person.id, now=now)
        db.session.commit()


def statuses(event) -> dict[int, str]:
    db.session.expire_all()
    return dict(db.session.execute(select(Registration.user_id, Registration.status)
                                   .where(Registration.event_id == event.id)).all())


@pytest.fixture
def admin(app):
    user = make_user(email="organiser@example.org", name="Olga Organiser", now=NOW)
    user.is_admin = True
    db.session.commit()
    return user


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    log_in(client, admin.email)
    return client


def client_of(app, user):
    client = app.test_client()
    log_in(client, user.email)
    return client


@contextmanager
def meeting_at_the_lock(parties: int = 2):
    """Hold each request just before it takes the event's lock (PostgreSQL's SELECT ... FOR UPDATE,
    SQLite's BEGIN IMMEDIATE) until all are there: each read the state before the others change it."""
    meeting = threading.Barrier(parties, timeout=30)

    def meet(conn, cursor, statement, *args):
        text = statement.lstrip().upper()
        if text.startswith("BEGIN IMMEDIATE") or ("FROM EVENTS" in text and text.rstrip().endswith("FOR UPDATE")):
            meeting.wait()

    sa_event.listen(db.engine, "before_cursor_execute", meet)
    try:
        yield
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", meet)
