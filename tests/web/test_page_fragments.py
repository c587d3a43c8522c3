"""Parts of pages are drawn once and kept by what they show (lms.core.fragments): every learner
still sees their own progress, time zone, bell and links, whoever was served before them."""

from __future__ import annotations

from lms.core.extensions import db
from lms.notifications.services import notify_user
from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_course_tutor, make_learner
from tests.service.test_course_sync import copy_catalog, sync_from, without_module

MODULE = "/courses/stem-careers/modules/introduction/"
UNIT = MODULE + "welcome-and-how-the-course-works"
LATER = "“Career orientation events” opens"


def test_two_learners_at_different_points_each_see_their_own_progress(app, courses):
    ahead, behind = app.test_client(), app.test_client()
    make_learner(now=NOW, client=ahead)
    make_learner(now=NOW, client=behind)
    for client in (ahead, behind):  # both drawn before either moves
        client.get("/dashboard"), client.get(MODULE)
    submit(ahead, UNIT + "/done", page=UNIT)
    assert "1 of 2 pages read" in ahead.get("/dashboard").get_data(as_text=True)
    assert "1 of 2 pages read" in ahead.get(MODULE).get_data(as_text=True)
    assert "0 of 2 pages read" in behind.get("/dashboard").get_data(as_text=True)
    assert "0 of 2 pages read" in behind.get(MODULE).get_data(as_text=True)
    assert "✓ done" in ahead.get(MODULE).get_data(as_text=True)
    assert "✓ done" not in behind.get(MODULE).get_data(as_text=True)


def test_learners_in_other_time_zones_see_openings_in_their_own(app, courses):
    brussels, new_york = app.test_client(), app.test_client()
    make_learner(now=NOW, client=brussels, timezone="Europe/Brussels")
    make_learner(now=NOW, client=new_york, timezone="America/New_York")
    for client, zone in ((brussels, "CEST"), (new_york, "EDT")):
        html = client.get("/dashboard").get_data(as_text=True)
        opening = html[html.index("Mon, 16 Oct 2017"):][:30]
        assert zone in opening, opening


def test_the_header_shows_each_person_their_own_bell_and_links(app, courses):
    learner_client, tutor_client, reader_client = app.test_client(), app.test_client(), app.test_client()
    make_learner(now=NOW, client=learner_client)
    make_course_tutor("stem-careers", now=NOW, client=tutor_client)
    reader = make_learner(now=NOW, client=reader_client)
    notify_user(reader.id, kind="module_opened", key="test:1", payload={}, now=NOW)
    db.session.commit()
    tutor_page = tutor_client.get("/courses/stem-careers").get_data(as_text=True)
    learner_page = learner_client.get("/courses/stem-careers").get_data(as_text=True)
    reader_page = reader_client.get("/courses/stem-careers").get_data(as_text=True)
    visitor_page = app.test_client().get("/courses/stem-careers").get_data(as_text=True)
    assert ">Teaching</a>" in tutor_page and ">Teaching</a>" not in learner_page
    assert '<span class="count">1<span class="visually-hidden"> unread</span>' in reader_page
    assert "unread</span>" not in learner_page
    assert "Log out" not in visitor_page and ">Log in</a>" in visitor_page
    tokens = {csrf_from(page) for page in (tutor_page, learner_page, reader_page)}
    assert len(tokens) == 3  # each log-out form carries its own log-in's token


def test_a_module_taken_out_of_the_course_is_gone_at_once_from_pages_already_drawn(client, courses, tmp_path):
    make_learner(now=NOW, client=client)
    pathways = "/courses/stem-careers/modules/stem-career-pathways/"
    before_it = "/courses/stem-careers/modules/stem-careers-job-market/"
    assert client.get(pathways).status_code == 200
    assert "STEM career pathways" in client.get("/dashboard").get_data(as_text=True)
    assert "STEM career pathways" in client.get(before_it).get_data(as_text=True)  # the next module
    course_files, content = copy_catalog(tmp_path)
    toml = course_files / "stem-careers.toml"
    toml.write_text(without_module(toml.read_text(), "stem-career-pathways"))
    sync_from(course_files, content)
    assert client.get(pathways).status_code == 404
    assert "STEM career pathways" not in client.get("/dashboard").get_data(as_text=True)
    assert "STEM career pathways" not in client.get(before_it).get_data(as_text=True)


def test_a_badge_renamed_in_the_course_file_shows_its_new_name_at_once(client, courses, tmp_path):
    course_page = "/courses/stem-careers"
    assert "STEM Careers: Getting Started" in client.get(course_page).get_data(as_text=True)
    course_files, content = copy_catalog(tmp_path)
    toml = course_files / "stem-careers.toml"
    toml.write_text(toml.read_text().replace('name = "STEM Careers: Getting Started"', 'name = "STEM Careers: First Steps"'))
    sync_from(course_files, content)
    html = client.get(course_page).get_data(as_text=True)
    assert "STEM Careers: First Steps" in html and "STEM Careers: Getting Started" not in html
