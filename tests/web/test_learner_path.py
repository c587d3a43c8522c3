"""The learner's path through real HTTP: catalogue, course page, enrolment,
modules open and locked, marking pages done, the dashboard."""

from __future__ import annotations

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.learning.models import Enrolment, UnitProgress
from tests.conftest import NOW, submit
from tests.factories import log_in, make_enrolment, make_user, run_of


def _stem_careers(catalog):
    """The model course; the catalogue lists the sample courses by file name, so not always first."""
    return next(course for course in catalog.courses if course.slug == "stem-careers")


INTRO = "/courses/stem-careers/modules/introduction/"
LOCKED = "/courses/stem-careers/modules/career-orientation-events/"


def enrolled_learner(client, *, timezone="Europe/Brussels"):
    user = make_user(timezone=timezone, now=NOW)
    make_enrolment(user, now=NOW)
    log_in(client, user.email)
    return user


def test_catalogue_lists_both_sample_courses_when_anyone_visits(client, courses):
    html = client.get("/").get_data(as_text=True)
    assert "Opening Schools to STEM Careers" in html
    assert "STEM Outreach for Library Staff" in html


def test_course_page_shows_each_module_opening_time_in_the_visitors_zone_when_logged_out(client, courses):
    html = client.get("/courses/stem-careers").get_data(as_text=True)
    # Module 7 opens Monday 16 October 2017 09:00 in Brussels (default zone for visitors).
    assert "Mon, 16 Oct 2017, 09:00 CEST" in html
    assert html.count('class="badge-open"') == 5  # introduction and modules 1-4 by 3 October
    assert "Enrol in Autumn 2017" in html


def test_course_page_uses_the_learners_own_time_zone_when_logged_in(client, courses):
    user = make_user(timezone="America/New_York", now=NOW)
    log_in(client, user.email)
    html = client.get("/courses/stem-careers").get_data(as_text=True)
    assert "Mon, 16 Oct 2017, 03:00 EDT" in html


def test_someone_not_logged_in_is_sent_to_log_in_when_opening_a_module(client, courses):
    response = client.get(INTRO)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logged_in_learner_who_has_not_enrolled_is_sent_to_the_course_page(client, courses):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = client.get(INTRO + "welcome-to-the-course", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.request.path == "/courses/stem-careers"
    assert "Enrol in this course to read its modules." in html


def test_enrolling_twice_creates_one_enrolment_when_the_button_is_double_clicked(client, courses):
    user = make_user(now=NOW)
    log_in(client, user.email)
    run_id = run_of("stem-careers").id
    html = client.get("/courses/stem-careers").get_data(as_text=True)
    from tests.conftest import csrf_from

    token = csrf_from(html)
    for _ in range(2):
        response = client.post("/courses/stem-careers/enrol", data={"run_id": run_id, "csrf_token": token})
        assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == user.id)) == 1
    assert "You are enrolled" in client.get("/courses/stem-careers").get_data(as_text=True)


def test_enrolment_is_refused_without_a_csrf_token(client, courses):
    user = make_user(now=NOW)
    log_in(client, user.email)
    response = client.post("/courses/stem-careers/enrol", data={"run_id": run_of("stem-careers").id})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0


def test_open_module_shows_its_objectives_and_pages_when_enrolled(client, courses):
    enrolled_learner(client)
    html = client.get(INTRO).get_data(as_text=True)
    assert "Course introduction" in html
    assert "By the end of this module you will be able to" in html
    assert html.count('href="/courses/stem-careers/modules/introduction/') >= 2


def test_locked_module_says_when_it_opens_and_sends_none_of_its_content(client, courses, real_catalog):
    enrolled_learner(client)
    module = next(m for c in real_catalog.courses for m in c.modules if m.slug == "career-orientation-events")
    for url in (LOCKED, LOCKED + module.units[0].slug):
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 403
        assert "Mon, 16 Oct 2017, 09:00 CEST" in html
        assert module.units[0].title not in html
        assert module.summary not in html


def test_module_opens_by_itself_when_its_time_comes(app, client, courses):
    enrolled_learner(client)
    assert client.get(LOCKED).status_code == 403
    app.config["FIXED_NOW"] = "2017-10-16T07:00:00+00:00"  # 09:00 in Brussels
    assert client.get(LOCKED).status_code == 200


def test_unit_page_serves_the_stored_html_with_previous_and_next(client, courses, real_catalog):
    enrolled_learner(client)
    intro = _stem_careers(real_catalog).modules[0]
    html = client.get(INTRO + intro.units[1].slug).get_data(as_text=True)
    assert intro.units[1].html in html
    assert f"← {intro.units[0].title}" in html
    assert "Mark as done" in html


def test_marking_a_page_done_twice_records_it_once_and_moves_on(client, courses, real_catalog):
    enrolled_learner(client)
    units = _stem_careers(real_catalog).modules[0].units
    first = INTRO + units[0].slug
    response = submit(client, first + "/done", page=first)
    assert response.headers["Location"].endswith(units[1].slug)
    submit(client, first + "/done", page=first)
    assert db.session.scalar(select(func.count()).select_from(UnitProgress)) == 1
    assert "You have marked this page as done" in client.get(first).get_data(as_text=True)


def test_dashboard_shows_progress_growing_per_course_and_module(client, courses, real_catalog):
    enrolled_learner(client)
    intro = _stem_careers(real_catalog).modules[0]
    total = sum(len(m.units) for m in _stem_careers(real_catalog).modules)
    assert f"0 of {total} pages done" in client.get("/dashboard").get_data(as_text=True)
    for unit in intro.units:
        url = INTRO + unit.slug
        submit(client, url + "/done", page=url)
    html = client.get("/dashboard").get_data(as_text=True)
    assert f"{len(intro.units)} of {total} pages done" in html
    assert f"{len(intro.units)} of {len(intro.units) + 3} steps" in html  # its pages read; its quiz, reflection and introduction in the forum to do
    assert "Opens <time" in html  # locked modules say when they open


def test_continue_goes_back_to_the_last_page_read(client, courses, real_catalog):
    enrolled_learner(client)
    module = _stem_careers(real_catalog).modules[1]
    url = f"/courses/stem-careers/modules/{module.slug}/{module.units[1].slug}"
    client.get(url)
    assert client.get("/courses/stem-careers/continue").headers["Location"] == url


def test_continue_moves_past_a_finished_page(client, courses, real_catalog):
    enrolled_learner(client)
    units = _stem_careers(real_catalog).modules[0].units
    first = INTRO + units[0].slug
    submit(client, first + "/done", page=first)
    client.get(first)
    assert client.get("/courses/stem-careers/continue").headers["Location"] == INTRO + units[1].slug


def test_another_learners_progress_never_shows_on_my_pages(client, courses, real_catalog):
    other = make_user(now=NOW)
    make_enrolment(other, now=NOW)
    from lms.learning.services.pages import complete_unit

    intro = _stem_careers(real_catalog).modules[0]
    complete_unit(other, "stem-careers", "introduction", intro.units[0].slug, now=NOW)
    db.session.commit()
    enrolled_learner(client)
    assert "✓" not in client.get(INTRO + intro.units[0].slug).get_data(as_text=True)
    assert "0 of" in client.get("/dashboard").get_data(as_text=True)


def test_a_guessed_run_of_another_course_cannot_be_joined_through_this_course(client, courses):
    user = make_user(now=NOW)
    log_in(client, user.email)
    other_run = run_of("stem-outreach-libraries").id
    response = submit(client, "/courses/stem-careers/enrol", {"run_id": other_run}, page="/courses/stem-careers")
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0


def test_self_paced_course_opens_every_module_on_enrolment(app, client, courses):
    app.config["FIXED_NOW"] = "2025-03-03T10:00:00+00:00"  # the self-paced run started in 2024
    user = make_user(now=NOW)
    log_in(client, user.email)
    html = client.get("/courses/stem-outreach-libraries").get_data(as_text=True)
    assert html.count("Opens when you enrol") == 4
    run_id = run_of("stem-outreach-libraries").id
    submit(client, "/courses/stem-outreach-libraries/enrol", {"run_id": run_id}, page="/courses/stem-outreach-libraries")
    html = client.get("/courses/stem-outreach-libraries").get_data(as_text=True)
    assert html.count('class="badge-open"') == 4
    assert client.get("/courses/stem-outreach-libraries/modules/measuring-impact/").status_code == 200


def test_closed_run_stays_readable_but_records_no_progress(app, client, courses, real_catalog):
    enrolled_learner(client)
    app.config["FIXED_NOW"] = "2017-12-01T10:00:00+00:00"
    first = INTRO + _stem_careers(real_catalog).modules[0].units[0].slug
    html = client.get(first).get_data(as_text=True)
    assert "progress is no longer recorded" in html
    response = submit(client, first + "/done", page=first)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(UnitProgress)) == 0
