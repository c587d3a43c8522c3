"""Attendance by the code shown at the event (right, wrong and counted, outside the window,
too many guesses), by the organisers' check boxes, and the attendance badge issued once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.events.models import CodeAttempt, Registration
from tests.conftest import NOW, csrf_from, submit
from tests.events.conftest import client_of, make_event, make_people, register_all

DURING = NOW + timedelta(days=3, minutes=30)  # make_event starts three days after NOW


def _attended(event) -> dict[int, str | None]:
    db.session.expire_all()
    return dict(db.session.execute(select(Registration.user_id, Registration.attendance_by)
                                   .where(Registration.event_id == event.id, Registration.attended_at.is_not(None))).all())


def _enter(app, person, event, code: str):
    app.config["FIXED_NOW"] = app.config.get("FIXED_NOW_DURING", DURING)
    return submit(client_of(app, person), f"/events/{event.slug}/code", {"code": code}, page=f"/events/{event.slug}")


def test_the_right_code_during_the_event_records_attendance(app):
    event = make_event()
    [person] = make_people(1)
    register_all(event, [person])
    response = _enter(app, person, event, " " + event.attendance_code.lower()[:3] + "-" + event.attendance_code.lower()[3:])
    assert response.status_code == 302
    assert _attended(event) == {person.id: "code"}


def test_a_wrong_code_is_refused_on_the_field_and_counted(app, admin_client):
    event = make_event()
    [person] = make_people(1)
    register_all(event, [person])
    response = _enter(app, person, event, "WRONG1")
    assert response.status_code == 422
    assert "That is not the event&#39;s code" in response.get_data(as_text=True)
    assert _attended(event) == {}
    assert db.session.scalar(select(func.count()).select_from(CodeAttempt)) == 1
    page = admin_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    assert "Wrong attendance codes entered: 1" in page


def test_five_wrong_codes_stop_even_the_right_one_for_a_while(app):
    event = make_event()
    [person] = make_people(1)
    register_all(event, [person])
    for _ in range(5):
        assert _enter(app, person, event, "WRONG1").status_code == 422
    assert _enter(app, person, event, event.attendance_code).status_code == 429
    assert _attended(event) == {}


def test_the_code_is_refused_before_and_well_after_the_event_and_from_people_without_a_place(app):
    event = make_event(capacity=1)
    holder, waiting = make_people(2)
    register_all(event, [holder, waiting])
    for moment in (event.starts_at - timedelta(hours=1), event.ends_at + timedelta(hours=2)):
        app.config["FIXED_NOW_DURING"] = moment
        assert _enter(app, holder, event, event.attendance_code).status_code == 422
    app.config.pop("FIXED_NOW_DURING")
    assert _enter(app, waiting, event, event.attendance_code).status_code == 422
    assert _attended(event) == {}


def test_organisers_tick_attendance_and_untick_a_mistake(app, admin_client):
    event = make_event(capacity=3)
    people = make_people(3)
    register_all(event, people)
    app.config["FIXED_NOW"] = DURING
    page = admin_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "shown": [str(p.id) for p in people], "present": [str(people[0].id), str(people[1].id)]}
    assert admin_client.post(f"/events/{event.slug}/attendance", data=form).status_code == 302
    assert _attended(event) == {people[0].id: "organiser", people[1].id: "organiser"}
    form["present"] = [str(people[0].id)]
    admin_client.post(f"/events/{event.slug}/attendance", data=form)
    assert _attended(event) == {people[0].id: "organiser"}


def test_attendance_earns_the_events_badge_once(app, admin_client):
    from lms.awards import services as awards

    event = make_event(awards_badge=True)
    [person] = make_people(1)
    register_all(event, [person])
    assert _enter(app, person, event, event.attendance_code).status_code == 302
    page = admin_client.get(f"/events/{event.slug}/registrations").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "shown": [str(person.id)], "present": [str(person.id)]}
    admin_client.post(f"/events/{event.slug}/attendance", data=form)  # ticked again by the organiser
    [award] = awards.standalone_awards_of_user(person.id)
    assert award.badge_name == "Attended Careers in robotics"
    assert award.revoked_at is None
