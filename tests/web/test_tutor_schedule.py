"""The tutor's schedule page: preview, save, who is told, who may see it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.schedule.models import ScheduleChange
from tests.conftest import NOW, csrf_from
from tests.factories import log_in, make_course_tutor, make_learner

PAGE = "/tutor/courses/stem-careers/runs/autumn-2017/schedule"
SHIFT_5_TO_7 = {"shift_from": "roles-teachers-mentors-parents", "shift_to": "career-orientation-events", "shift_days": "3"}


@pytest.fixture
def tutor(client, courses):
    """The course's tutor, logged in on ``client``; in London, an hour behind the course's dates."""
    return make_course_tutor("stem-careers", now=NOW, timezone="Europe/London", client=client)


def post(client, data):
    token = csrf_from(client.get(PAGE).get_data(as_text=True))
    return client.post(PAGE, data={**data, "csrf_token": token})


def test_schedule_shows_every_module_in_the_tutors_time_zone(client, tutor):
    html = client.get(PAGE).get_data(as_text=True)
    assert html.count('type="datetime-local"') == 8
    assert 'value="2017-10-16T08:00"' in html  # 09:00 in Brussels is 08:00 in London
    assert "Teaching" in client.get("/dashboard").get_data(as_text=True)


def test_preview_lists_changes_and_affected_learners_then_save_tells_each_once(client, tutor):
    for _ in range(2):
        make_learner(now=NOW)

    preview = post(client, {**SHIFT_5_TO_7, "action": "preview"})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "<strong>2 enrolled learners</strong> will get one message" in html
    assert re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>", html)[:3] == [
        "Balancing the roles of teachers, mentors, parents and role models",
        "Benefits of external school-to-work programmes",
        "Career orientation events on STEM education",
    ]
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 0

    saved = post(client, {**SHIFT_5_TO_7, "action": "save"})
    assert saved.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 3
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2
    page = client.get(PAGE).get_data(as_text=True)
    assert "Saved 3 new dates. 2 learners will get one message about it." in page
    history = page[page.index("<h2>History</h2>"):]
    assert history.count(f"<td>{tutor.name}</td>") == 3


def test_learner_sees_the_new_date_and_one_unread_notification(app, client, tutor):
    learner = make_learner(now=NOW)
    post(client, {**SHIFT_5_TO_7, "action": "save"})

    learner_client = app.test_client()
    log_in(learner_client, learner.email)
    course_page = learner_client.get("/courses/stem-careers").get_data(as_text=True)
    assert "Thu, 19 Oct 2017, 09:00 CEST" in course_page
    assert '<span class="count">1<' in course_page
    listing = learner_client.get("/notifications").get_data(as_text=True)
    assert "New dates in" in listing and '<span lang="en">Career orientation events on STEM education</span> now opens Thu, 19 Oct 2017, 09:00 CEST' in listing


def test_out_of_order_dates_are_refused_with_a_clear_message(client, tutor):
    response = post(client, {"opens-stem-career-pathways": "2017-10-03T08:00", "action": "preview"})
    assert response.status_code == 422
    assert "“STEM leading schools” would open before “STEM career pathways”: keep the modules in order." in response.get_data(as_text=True)


def test_a_malformed_date_is_reported_at_its_field(client, tutor):
    response = post(client, {"opens-introduction": "next monday", "action": "preview"})
    assert response.status_code == 422
    assert 'id="opens-introduction-error">Enter a date and time' in response.get_data(as_text=True)


def test_learners_and_tutors_of_other_courses_are_refused(client, courses):
    make_course_tutor("stem-outreach-libraries", now=NOW, client=client)
    assert client.get(PAGE).status_code == 403
    response = client.post(PAGE, data={**SHIFT_5_TO_7, "action": "save",
                                       "csrf_token": csrf_from(client.get("/tutor/").get_data(as_text=True))})
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 0


GENDER_ON_A_WEEK = {"shift_from": "gender-stereotypes", "shift_to": "career-orientation-events", "shift_days": "7"}


def test_the_schedule_marks_the_modules_open_now(client, tutor):
    html = client.get(PAGE).get_data(as_text=True)
    assert html.count("(<strong>open now</strong>)") == 5
    assert html.count("(not open yet)") == 3


def test_closing_an_open_module_warns_how_many_lose_access_and_needs_a_tick_to_save(client, tutor):
    for _ in range(2):
        make_learner(now=NOW)
    html = " ".join(post(client, {**GENDER_ON_A_WEEK, "action": "preview"}).get_data(as_text=True).split())
    assert "<strong>2 learners lose access</strong> to modules they can open now" in html
    assert "“Gender stereotypes in STEM education” is open now and will be closed until Mon, 9 Oct 2017, 08:00 BST." in html
    assert 'name="confirm_relock" value="gender-stereotypes" required' in html

    unticked = post(client, {**GENDER_ON_A_WEEK, "action": "save"})
    assert unticked.status_code == 422
    assert "Tick the box to confirm that these learners lose access" in unticked.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0

    ticked = post(client, {**GENDER_ON_A_WEEK, "action": "save", "confirm_relock": "gender-stereotypes"})
    assert ticked.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 4
    page = client.get(PAGE).get_data(as_text=True)
    assert "2 learners can no longer open 1 module until the new date." in page
    assert page.count("(<strong>open now</strong>)") == 4
