"""The programme pages: the list and the catalogue show programmes beside courses; a programme's page
shows what the learner has done and what remains with the module page's checklist; enrolling
enrols in the required courses' next runs, once however many clicks; odd addresses are 404."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.programmes import services
from lms.programmes.models import ProgrammeEnrolment
from tests.conftest import NOW, csrf_from
from tests.programmes.conftest import SLUG, client_for, complete, learner, programme_enrolment, second_run

PAGE = f"/programmes/{SLUG}"


def test_the_catalogue_and_the_list_show_the_programme_beside_the_courses(app, programme, client):
    catalogue = client.get("/").get_data(as_text=True)
    assert "Programmes" in catalogue and f'href="{PAGE}"' in catalogue and "6–12 months" in catalogue
    listing = client.get("/programmes").get_data(as_text=True)
    assert "Test Programme in Library STEM" in listing and "3–5 hours a week" in listing


def test_a_visitor_sees_what_the_programme_asks_with_sanitised_summary(app, programme, client):
    page = client.get(PAGE).get_data(as_text=True)
    assert "What the programme asks" in page and "Enrol in the programme" in page
    assert "<strong>two</strong>" in page and "<script>" not in page
    assert 'class="checklist"' in page and "1 of these electives" in page and "Attend 2 workshops" in page
    assert "A supervised placement of at least 30 hours" in page
    assert "next run starts" in page


def test_enrolling_enrols_in_each_required_course_once_however_many_clicks(app, programme):
    user = learner()
    client = client_for(app, user)
    token = csrf_from(client.get(PAGE).get_data(as_text=True))
    first = client.post(PAGE + "/enrol", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    second = client.post(PAGE + "/enrol", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "You are enrolled in the programme." in first and "Enrolled in the next run of:" in first
    assert "You are already enrolled in this programme." in second
    assert db.session.scalar(select(func.count()).select_from(ProgrammeEnrolment)) == 1
    assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == user.id)) == 2
    assert "What you have done and what remains" in second and "In progress: 0 of" in second


def test_a_course_already_taken_is_left_as_it_is_and_one_with_no_open_run_is_said(app, programme):
    user = learner()
    complete(user, "stem-outreach-libraries", run=second_run("stem-outreach-libraries"))
    later = datetime(2018, 6, 1, tzinfo=timezone.utc)  # stem-careers' only run has ended
    result = services.enrol(user, SLUG, now=later)
    db.session.commit()
    assert result.enrolled == [] and result.already == ["STEM Outreach for Library Staff"]
    assert result.no_run == ["Opening Schools to STEM Careers"]
    assert db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == user.id)) == 1
    page = client_for(app, user).get(PAGE).get_data(as_text=True)
    assert "Completed on" in page and "Not enrolled" in page


def test_enrolling_needs_the_form_token_and_an_account(app, programme, client):
    token = csrf_from(client.get(PAGE).get_data(as_text=True))
    signed_out = client.post(PAGE + "/enrol", data={"csrf_token": token})
    assert signed_out.status_code == 302 and "/login" in signed_out.headers["Location"]
    user = learner()
    own = client_for(app, user)
    assert own.post(PAGE + "/enrol", data={}).status_code == 400  # no CSRF token: refused
    assert programme_enrolment(user) is None


def test_odd_addresses_are_not_found(app, programme, client):
    for url in ("/programmes/nope", "/programmes/" + "x" * 300, "/programmes/nope/learners", "/programmes/nope/badge"):
        assert client.get(url).status_code in (404, 302), url
    assert client.get(PAGE + "/badge").status_code == 200
    assert NOW
