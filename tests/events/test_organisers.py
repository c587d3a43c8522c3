"""Organisers' side: events created in the browser (field errors, values kept) and by the
command line, feedback after the event (once) and its results (the share rating 4 or 5, the
chart), the CSV, one message to everyone holding a place, and 404 for anyone else."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.events import services
from lms.events.models import Event, Feedback
from lms.notifications.jobs import deliver_email
from tests.conftest import NOW, csrf_from, submit
from tests.events.conftest import LINK, client_of, make_event, make_people, register_all

AFTER = NOW + timedelta(days=3, hours=3)


def test_an_organiser_publishes_an_event_and_a_bad_form_keeps_what_was_typed(app, admin_client):
    form = {"title": "Robots =1+1", "kind": "in_person_workshop", "starts": "2017-10-20T18:00", "ends": "2017-10-20T17:00",
            "timezone": "Europe/London", "capacity": "30", "place": "Main hall", "description": "**Bring** a laptop."}
    response = submit(admin_client, "/events/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The end must come after the start" in page and 'value="Robots =1+1"' in page
    response = submit(admin_client, "/events/new", {**form, "ends": "2017-10-20T20:00"})
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert (event.slug, event.starts_at.hour, event.timezone) == ("robots-1-1", 17, "Europe/London")  # 18:00 BST
    page = admin_client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "<strong>Bring</strong> a laptop." in page


def test_the_command_line_creates_and_lists_events(app, runner):
    result = runner.invoke(args=["events", "create", "--title", "STEM careers fair", "--kind", "conference_session",
                                 "--starts", "2017-11-02T10:00", "--ends", "2017-11-02T11:00", "--timezone", "Europe/Rome",
                                 "--capacity", "200", "--presenter", "Ada Lovelace"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "/events/stem-careers-fair"
    listed = runner.invoke(args=["events", "list"])
    assert "stem-careers-fair  0/200  STEM careers fair" in listed.output
    bad = runner.invoke(args=["events", "create", "--title", "X", "--kind", "online_workshop", "--starts", "2017-11-02T10:00",
                              "--ends", "2017-11-02T11:00", "--timezone", "Europe/Rome", "--capacity", "5"])
    assert bad.exit_code != 0 and "online_link" in bad.output


def _attend(event, people) -> None:
    register_all(event, people)
    services.set_attendance(event, shown=[p.id for p in people], present={p.id for p in people}, now=event.starts_at)
    db.session.commit()


def test_feedback_once_after_the_event_and_the_share_who_found_it_valuable(app, admin_client):
    event = make_event(capacity=10)
    people = make_people(4)
    _attend(event, people)
    app.config["FIXED_NOW"] = AFTER
    for person, rating in zip(people, ("5", "4", "2", "5")):
        client = client_of(app, person)
        assert submit(client, f"/events/{event.slug}/feedback", {"rating": rating, "liked": "=HYPERLINK(1)"},
                      page=f"/events/{event.slug}").status_code == 302
    again = client_of(app, people[0])
    assert "Your feedback" not in again.get(f"/events/{event.slug}").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 4
    results = admin_client.get(f"/events/{event.slug}/feedback").get_data(as_text=True)
    assert "75% found it valuable (a rating of 4 or 5), of 4 answers." in results
    assert 'role="img"' in results and "<title id=\"ratings-title\">Ratings</title>" in results
    csv = admin_client.get(f"/events/{event.slug}/registrations.csv").get_data(as_text=True)
    assert '"Person 0","person0@example.org","Holds a place"' in csv and '"5"' in csv


def test_feedback_is_not_taken_before_the_end_or_from_someone_absent(app):
    event = make_event(capacity=10)
    attendee, absent = make_people(2)
    _attend(event, [attendee])
    register_all(event, [absent])
    assert submit(client_of(app, attendee), f"/events/{event.slug}/feedback", {"rating": "5"},
                  page=f"/events/{event.slug}").status_code in (400, 409)
    app.config["FIXED_NOW"] = AFTER
    client = client_of(app, absent)
    token = csrf_from(client.get(f"/events/{event.slug}").get_data(as_text=True))
    assert client.post(f"/events/{event.slug}/feedback", data={"rating": "5", "csrf_token": token}).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 0


def test_one_message_reaches_everyone_holding_a_place_once(app, admin_client, smtp):
    event = make_event(capacity=1)
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    page = admin_client.get(f"/events/{event.slug}/message").get_data(as_text=True)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    form = {"csrf_token": csrf_from(page), "token": token, "subject": "Room change", "body": "We meet in **room 5**."}
    for _ in range(2):  # a double click
        assert admin_client.post(f"/events/{event.slug}/message", data=form).status_code == 302
    deliver_email(NOW + timedelta(minutes=2))
    messages = [m for m in smtp.wait_for(2) if m["Subject"] == "Room change"]
    assert [m["To"] for m in messages] == [holder.email]
    assert LINK not in messages[0].get_body(("plain",)).get_content()


def test_organiser_pages_are_404_for_everyone_else(app, client):
    event = make_event()
    [learner] = make_people(1)
    register_all(event, [learner])
    other = client_of(app, learner)
    for path in ("edit", "registrations", "registrations.csv", "message", "code", "feedback"):
        assert other.get(f"/events/{event.slug}/{path}").status_code == 404, path
        assert client.get(f"/events/{event.slug}/{path}").status_code == 302, path  # to the log-in page
    assert other.get("/events/new").status_code == 404
    assert other.get("/events/no-such-event").status_code == 404
    assert other.get("/events/%00").status_code == 404


def test_attendees_are_asked_for_feedback_once_after_the_event(app):
    from lms.events.services import sweeps
    from lms.notifications.models import Notification

    event = make_event(capacity=10)
    attendee, absent = make_people(2)
    _attend(event, [attendee])
    register_all(event, [absent])
    assert sweeps.ask_feedback(now=event.ends_at - timedelta(minutes=1)).recorded == 0
    assert sweeps.ask_feedback(now=AFTER).recorded == 1
    assert sweeps.ask_feedback(now=AFTER + timedelta(hours=1)).recorded == 0
    db.session.commit()
    [told] = db.session.scalars(select(Notification.user_id).where(Notification.key == f"event:{event.id}:feedback"))
    assert told == attendee.id


def test_the_csv_neutralises_what_a_spreadsheet_would_run(app, admin_client):
    from tests.factories import make_user

    event = make_event(capacity=10)
    person = make_user(email="formula@example.org", name="=cmd|' /C calc'!A0", now=NOW)
    register_all(event, [person])
    csv = admin_client.get(f"/events/{event.slug}/registrations.csv").get_data(as_text=True)
    assert "\"'=cmd|' /C calc'!A0\"" in csv


def test_odd_input_is_a_field_error_never_a_500(app, admin_client):
    good = {"title": "Robots", "kind": "online_workshop", "starts": "2017-10-20T18:00", "ends": "2017-10-20T19:00",
            "timezone": "Europe/London", "capacity": "30", "online_link": "https://meet.example.org/r"}
    odd = [{"title": "Ro\x00bots"}, {"capacity": "9" * 30}, {"capacity": "-1"}, {"timezone": "Mars/Olympus"},
           {"starts": "2017-13-45T99:99"}, {"kind": "party"}, {"online_link": "javascript:alert(1)"},
           {"slug": "new"}, {"slug": "12345"}, {"title": "x" * 300}, {"course_slug": "no-such-course"},
           {"registration_closes": "2017-10-21T10:00"}, {"presenters": "\n".join(["Ada"] * 30)}]
    for change in odd:
        response = submit(admin_client, "/events/new", {**good, **change})
        assert response.status_code == 422, (change, response.status_code)
        assert 'class="error"' in response.get_data(as_text=True), change
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0
    event = make_event()
    page = admin_client.get(f"/events/{event.slug}/registrations?after=abc&before=99999999999999&status=%00").status_code
    assert page == 200
    assert admin_client.get("/events?page=-3&kind=%00&when=x").status_code == 200
