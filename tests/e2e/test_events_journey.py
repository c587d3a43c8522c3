"""In a real browser: a practitioner finds a workshop on /events (filtered by kind), finds it
full and joins the waiting list with the keyboard alone, then finds it in their calendar feed.
Each page is checked by axe and fits a phone 390 px wide; the event page's screenshots are the README's."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from tests.conftest import NOW, ROOT
from tests.e2e.conftest import check_page, check_page_and_phone, tab_to
from tests.events.conftest import LINK, make_event, make_people, register_all
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.slow  # a real browser

DOCS = ROOT / "docs" / "screens"


def test_a_practitioner_joins_the_waiting_list_of_a_full_workshop_and_sees_it_in_their_calendar(app, site, new_page):
    event = make_event(capacity=1, title="Robotics for school librarians", presenters=["Ada Lovelace", "Grace Hopper"],
                       description="A hands-on evening: **bring a laptop**.\n\n- build a line follower\n- plan a club")
    make_event(capacity=30, kind="in_person_workshop", online_link="", place="Central Library, Room 2",
               title="Makerspace open evening", starts=NOW + timedelta(days=5))
    register_all(event, make_people(1, "holder"))
    user = make_user(email="aoife@library.example", name="Aoife Byrne", now=NOW)
    db.session.commit()

    page = new_page()
    page.goto(f"{site}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{site}/events")
    expect(page.locator("main h1")).to_have_text("Workshops and events")
    check_page_and_phone(page, "events-list")
    page.select_option("#kind", "online_workshop")
    page.click("main button:has-text('Show')")
    expect(page.locator("main .card")).to_have_count(1)
    page.click("text=Robotics for school librarians")
    expect(page.locator("main")).to_contain_text("Full: new registrations join the waiting list")
    expect(page.locator("main")).not_to_contain_text(LINK)

    tab_to(page, "main form[action$='/register'] button")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("You are number 1 on the waiting list")
    check_page_and_phone(page, "events")
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / "events-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(DOCS / "events-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})

    feed = page.request.get(f"{site}/calendar/{user.calendar_token}.ics")
    assert feed.ok
    summaries = [str(entry["summary"]) for entry in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert summaries == ["Robotics for school librarians (waiting list)"]
    assert LINK.encode() not in feed.body()
    page.goto(f"{site}/notifications")
    expect(page.locator("main")).to_contain_text("Robotics for school librarians is full: you are on its waiting list.")
    check_page(page, "events-notifications")


def test_an_organiser_sees_registrations_marks_attendance_and_reads_the_feedback_chart(app, site, new_page):
    from lms.events import services

    event = make_event(capacity=3, title="Coding clubs in libraries", awards_badge=True)
    people = make_people(4)
    register_all(event, people)
    services.set_attendance(event, shown=[p.id for p in people[:3]], present={p.id for p in people[:2]}, now=event.starts_at)
    for person, rating in zip(people[:2], (5, 4)):
        services.give_feedback(event, person.id, rating=rating, liked="The hands-on part.", improve="More time.",
                               now=event.ends_at)
    organiser = make_user(email="olga@library.example", name="Olga Organiser", now=NOW)
    organiser.is_admin = True
    db.session.commit()

    page = new_page()
    page.goto(f"{site}/login")
    page.fill("#email", organiser.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{site}/events/{event.slug}/registrations")
    expect(page.locator("main")).to_contain_text("Attended: 2")
    check_page_and_phone(page, "events-registrations")
    page.click("text=Feedback results")
    expect(page.locator("main")).to_contain_text("100% found it valuable (a rating of 4 or 5), of 2 answers.")
    check_page_and_phone(page, "events-results")
    page.goto(f"{site}/events/new")
    page.fill("#title", "Makerspace tour")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("Give a date and time")
    expect(page.locator("#title")).to_have_value("Makerspace tour")
    check_page_and_phone(page, "events-new")
