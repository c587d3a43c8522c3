"""Registering and cancelling through the site: a place while there is one, then the waiting
list; a cancellation promotes the next person once, told through the ledger, also when two
cancellations race; a double click registers once."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.events.models import Registration
from lms.notifications.models import Notification
from tests.conftest import NOW, csrf_from, submit
from tests.events.conftest import client_of, make_event, make_people, meeting_at_the_lock, register_all, statuses


def _ledger(user_id: int) -> list[str]:
    db.session.expire_all()
    return [payload["what"] for payload in db.session.scalars(
        select(Notification.payload).where(Notification.user_id == user_id, Notification.kind == "event")
        .order_by(Notification.id))]


def test_a_place_while_there_is_one_then_the_waiting_list_in_order(app):
    event = make_event(capacity=1)
    first, second, third = make_people(3)
    for person in (first, second, third):
        response = submit(client_of(app, person), f"/events/{event.slug}/register", page=f"/events/{event.slug}",
                          follow_redirects=True)
        assert response.status_code == 200
    assert statuses(event) == {first.id: "registered", second.id: "waiting", third.id: "waiting"}
    page = client_of(app, third).get(f"/events/{event.slug}").get_data(as_text=True)
    assert "You are number 2 on the waiting list" in page
    assert _ledger(second.id) == ["waiting"]


def test_a_double_click_registers_once(app):
    event = make_event(capacity=5)
    [person] = make_people(1)
    client = client_of(app, person)
    token = csrf_from(client.get(f"/events/{event.slug}").get_data(as_text=True))
    for _ in range(2):
        assert client.post(f"/events/{event.slug}/register", data={"csrf_token": token}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    assert _ledger(person.id) == ["registered"]


def test_registering_needs_the_forms_token_and_a_log_in(app, client):
    event = make_event()
    [person] = make_people(1)
    assert "Log in to register" in client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert client.post(f"/events/{event.slug}/register").status_code == 400
    assert client_of(app, person).post(f"/events/{event.slug}/register").status_code == 400
    assert statuses(event) == {}


def test_cancelling_promotes_the_first_on_the_waiting_list_once_and_tells_them(app):
    event = make_event(capacity=1)
    holder, first, second = make_people(3)
    register_all(event, [holder, first, second])
    client = client_of(app, holder)
    submit(client, f"/events/{event.slug}/cancel", page=f"/events/{event.slug}")
    submit(client, f"/events/{event.slug}/cancel", page=f"/events/{event.slug}")  # again: nothing more
    assert statuses(event) == {holder.id: "cancelled", first.id: "registered", second.id: "waiting"}
    assert _ledger(first.id) == ["waiting", "promoted"]
    assert _ledger(second.id) == ["waiting"]
    page = client_of(app, first).get(f"/events/{event.slug}").get_data(as_text=True)
    assert "You hold a place." in page


def test_registration_closed_before_it_opens_and_after_it_closes(app):
    event = make_event(registration_opens=None)
    event.registration_opens_at = NOW + timedelta(hours=1)
    db.session.commit()
    [person] = make_people(1)
    response = submit(client_of(app, person), f"/events/{event.slug}/register", page=f"/events/{event.slug}")
    assert response.status_code == 409
    assert statuses(event) == {}


def _race(app, event, people) -> list[int]:
    clients = [client_of(app, person) for person in people]
    tokens = [csrf_from(client.get(f"/events/{event.slug}").get_data(as_text=True)) for client in clients]
    answers: list[int] = []
    errors: list[BaseException] = []

    def cancel(client, token) -> None:
        try:
            answers.append(client.post(f"/events/{event.slug}/cancel", data={"csrf_token": token}).status_code)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    with meeting_at_the_lock(len(clients)):
        threads = [threading.Thread(target=cancel, args=pair) for pair in zip(clients, tokens)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    return answers


def test_two_cancellations_at_once_promote_the_next_two_once_each(app):
    event = make_event(capacity=2)
    holders, waiting = make_people(2, "holder"), make_people(3, "waiting")
    register_all(event, holders + waiting)
    assert _race(app, event, holders) == [302, 302]
    assert [statuses(event)[person.id] for person in waiting] == ["registered", "registered", "waiting"]
    assert [_ledger(person.id).count("promoted") for person in waiting] == [1, 1, 0]


def test_the_same_cancellation_twice_at_once_promotes_one_person(app):
    event = make_event(capacity=1)
    holder, first, second = make_people(3)
    register_all(event, [holder, first, second])
    assert _race(app, event, [holder, holder]) == [302, 302]
    assert statuses(event) == {holder.id: "cancelled", first.id: "registered", second.id: "waiting"}
    assert _ledger(first.id).count("promoted") == 1


def test_more_places_on_the_edit_page_let_the_waiting_list_in(app, admin_client):
    event = make_event(capacity=1)
    people = make_people(3)
    register_all(event, people)
    page = admin_client.get(f"/events/{event.slug}/edit").get_data(as_text=True)
    assert f'value="{event.title}"' in page
    form = {"title": event.title, "slug": event.slug, "kind": event.kind, "starts": "2017-10-06T12:00",
            "ends": "2017-10-06T14:00", "timezone": "Europe/Brussels", "capacity": "2",
            "online_link": event.online_link, "csrf_token": csrf_from(page)}
    assert admin_client.post(f"/events/{event.slug}/edit", data=form).status_code == 302
    assert sorted(statuses(event).values()) == ["registered", "registered", "waiting"]


def test_two_people_asking_for_the_last_place_at_once_get_one_place_and_one_wait(app):
    event = make_event(capacity=1)
    people = make_people(2)
    clients = [client_of(app, person) for person in people]
    tokens = [csrf_from(client.get(f"/events/{event.slug}").get_data(as_text=True)) for client in clients]
    answers: list[int] = []

    def register(client, token) -> None:
        answers.append(client.post(f"/events/{event.slug}/register", data={"csrf_token": token}).status_code)

    with meeting_at_the_lock(2):
        threads = [threading.Thread(target=register, args=pair) for pair in zip(clients, tokens)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert answers == [302, 302]
    assert sorted(statuses(event).values()) == ["registered", "waiting"]


def test_the_event_page_costs_the_same_statements_for_3_or_60_registered(app, count_queries):
    small, big = make_event(capacity=2, title="Small"), make_event(capacity=40, title="Big")
    people = make_people(60)
    register_all(small, people[:3])
    register_all(big, people)
    reader = client_of(app, people[1])
    counts = []
    for event in (small, big):
        reader.get(f"/events/{event.slug}")
        with count_queries() as statements:
            assert reader.get(f"/events/{event.slug}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 5
