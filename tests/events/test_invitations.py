"""The invitation e-mail with its .ics (sent once, the online link only in a registered
person's copy), reminders the day before (once each, however often the job runs), and events
in the learner's calendar feed (never the online link)."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from lms.core.extensions import db
from lms.events.jobs import send_event_invitations
from lms.events.services import sweeps
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW
from tests.events.conftest import LINK, client_of, make_event, make_people, register_all


def _calendar_part(message) -> icalendar.Calendar:
    [part] = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_the_invitation_goes_once_with_an_ics_request_holding_the_link(app, smtp):
    event = make_event(capacity=1, place="")
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    assert send_event_invitations(NOW) == 1
    assert send_event_invitations(NOW) == 0  # a second run sends nothing
    [message] = smtp.wait_for(1)
    assert message["To"] == holder.email
    assert LINK in message.get_body(("plain",)).get_content()
    calendar = _calendar_part(message)
    assert str(calendar["method"]) == "REQUEST"
    [entry] = calendar.walk("VEVENT")
    assert str(entry["uid"]) == f"event-{event.id}@localhost"
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry["location"]) == LINK
    assert str(entry["attendee"]) == f"mailto:{holder.email}"


def test_a_promoted_person_gets_the_invitation_with_the_same_uid(app, smtp):
    event = make_event(capacity=1)
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    send_event_invitations(NOW)
    from lms.events import services

    services.cancel(event, holder.id, now=NOW)
    db.session.commit()
    assert send_event_invitations(NOW) == 1
    messages = smtp.wait_for(2)
    assert [message["To"] for message in messages] == [holder.email, waiting.email]
    assert "you were on the waiting list" in messages[1].get_body(("plain",)).get_content()
    assert {str(_calendar_part(m).walk("VEVENT")[0]["uid"]) for m in messages} == {f"event-{event.id}@localhost"}


def test_reminders_go_the_day_before_once_each_however_often_the_job_runs(app, smtp):
    event = make_event(capacity=1, starts=NOW + timedelta(hours=20))
    later = make_event(capacity=5, starts=NOW + timedelta(days=3), title="Later")
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    register_all(later, [holder])
    assert sweeps.send_reminders(now=NOW).recorded == 1  # not the one waiting, not the later event
    assert sweeps.send_reminders(now=NOW + timedelta(minutes=15)).recorded == 0
    db.session.commit()
    assert deliver_email(NOW + timedelta(minutes=2)) == 2  # the reminder, and the waiting list's notice
    bodies = {message["To"]: message.get_body(("plain",)).get_content() for message in smtp.wait_for(2)}
    assert "A reminder: “Careers in robotics” starts" in bodies[holder.email]
    assert LINK not in bodies[holder.email] and LINK not in bodies[waiting.email]
    assert "waiting list" in bodies[waiting.email]


def test_the_calendar_feed_lists_the_events_registered_for_without_the_online_link(app):
    event = make_event(capacity=1, place="Room 4, City Library")
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    for person, summary in ((holder, "Careers in robotics"), (waiting, "Careers in robotics (waiting list)")):
        feed = client_of(app, person).get(f"/calendar/{person.calendar_token}.ics").get_data()
        assert LINK.encode() not in feed
        [entry] = [entry for entry in icalendar.Calendar.from_ical(feed).walk("VEVENT")
                   if str(entry["uid"]).startswith("event-")]
        assert str(entry["summary"]) == summary
        assert entry.decoded("dtend") == event.ends_at
        assert str(entry["url"]) == f"http://localhost/events/{event.slug}"
        assert str(entry["location"]) == "Room 4, City Library"


def test_the_online_link_is_shown_only_to_people_holding_a_place(app, client):
    event = make_event(capacity=1)
    holder, waiting, stranger = make_people(3)
    register_all(event, [holder, waiting])
    assert LINK in client_of(app, holder).get(f"/events/{event.slug}").get_data(as_text=True)
    for reader in (client, client_of(app, waiting), client_of(app, stranger)):
        assert LINK not in reader.get(f"/events/{event.slug}").get_data(as_text=True)
        assert LINK not in reader.get("/events").get_data(as_text=True)


def test_a_new_time_sends_everyone_holding_a_place_an_updated_invitation(app, smtp):
    from lms.events import services

    event = make_event(capacity=1)
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    assert send_event_invitations(NOW) == 1
    data = services.as_input(event)
    services.update_event(event, data, now=NOW + timedelta(minutes=1))  # nothing changed: nothing sent
    db.session.commit()
    assert send_event_invitations(NOW) == 0
    data.starts += timedelta(hours=1)
    data.ends += timedelta(hours=1)
    services.update_event(event, data, now=NOW + timedelta(minutes=2))
    db.session.commit()
    assert send_event_invitations(NOW) == 1
    first, second = smtp.wait_for(2)
    old, new = (_calendar_part(message).walk("VEVENT")[0] for message in (first, second))
    assert str(old["uid"]) == str(new["uid"])
    assert int(new["sequence"]) > int(old["sequence"])
    assert new.decoded("dtstart") == old.decoded("dtstart") + timedelta(hours=1)
