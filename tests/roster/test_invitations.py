"""The link in an invitation e-mail: it creates the account of the invited address and enrols it
in the run, once; a used, expired or forged link is refused with its own clear page; an address
that has an account meanwhile joins by logging in with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.roster.models import Invitation
from tests.conftest import NOW, csrf_from
from tests.factories import PASSWORD, log_in, make_course_tutor, make_user
from tests.roster.helpers import invitation_link, send, upload

ACCOUNT = {"name": "Carl Stranger", "password": "a long enough passphrase", "confirm": "a long enough passphrase",
           "timezone": "Europe/Lisbon", "language": "en"}


@pytest.fixture
def link(app, courses, smtp) -> str:
    """The link of the invitation a tutor sent carl@elsewhere.example to the autumn run."""
    tutor = app.test_client()
    make_course_tutor("stem-careers", now=NOW, client=tutor)
    upload(tutor, "carl@elsewhere.example\n")
    send(NOW)
    (message,) = smtp.messages
    return invitation_link(message)


def accept(client, link: str, data: dict | None = None):
    token = csrf_from(client.get(link).get_data(as_text=True))
    return client.post(link, data={**ACCOUNT, **(data or {}), "csrf_token": token})


def enrolments_of(email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Enrolment).join(User, User.id == Enrolment.user_id)
                             .where(User.email == email))


def test_the_link_registers_the_invited_address_and_enrols_it(client, link):
    page = client.get(link).get_data(as_text=True)
    assert "carl@elsewhere.example" in page and "Create my account and join" in page

    response = accept(client, link)

    assert response.status_code == 302 and response.location == "/courses/stem-careers"
    carl = db.session.scalar(select(User).where(User.email == "carl@elsewhere.example"))
    assert carl.name == "Carl Stranger" and carl.timezone == "Europe/Lisbon"
    assert enrolments_of("carl@elsewhere.example") == 1
    dashboard = client.get("/dashboard").get_data(as_text=True)  # logged in, the course on the dashboard
    assert "Carl Stranger" in dashboard and "Autumn 2017" in dashboard
    assert db.session.scalar(select(Invitation.user_id)) == carl.id


def test_the_link_works_once(app, client, link):
    accept(client, link)
    other = app.test_client()

    response = other.get(link)

    assert response.status_code == 410
    assert "This invitation has already been used. Log in to reach the course." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "carl@elsewhere.example")) == 1


def test_a_double_click_makes_one_account_and_one_enrolment(app, client, link):
    token = csrf_from(client.get(link).get_data(as_text=True))
    first = client.post(link, data={**ACCOUNT, "csrf_token": token})
    second = app.test_client()
    second_token = csrf_from(second.get("/login").get_data(as_text=True))
    twin = second.post(link, data={**ACCOUNT, "csrf_token": second_token})
    assert first.status_code == 302 and twin.status_code == 410
    assert enrolments_of("carl@elsewhere.example") == 1


def test_an_expired_link_says_so(app, client, link):
    app.config["FIXED_NOW"] = NOW + timedelta(days=31)
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation has expired. Ask your tutor to invite you again." in response.get_data(as_text=True)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post(link, data={**ACCOUNT, "csrf_token": token}).status_code == 410
    assert enrolments_of("carl@elsewhere.example") == 0


@pytest.mark.parametrize("forged", ["/invitations/" + "A" * 43, "/invitations/not-a-token"])
def test_a_forged_link_is_not_one_of_ours(client, link, forged):
    response = client.get(forged)
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.get_data(as_text=True)
    assert client.post(forged, data=ACCOUNT).status_code in (400, 404)  # no form token, and no invitation either
    assert enrolments_of("carl@elsewhere.example") == 0


def test_a_refused_password_keeps_the_link_working(client, link):
    response = accept(client, link, {"password": "short", "confirm": "short"})
    assert response.status_code == 422
    assert "At least" in response.get_data(as_text=True)
    assert accept(client, link).status_code == 302
    assert enrolments_of("carl@elsewhere.example") == 1


def test_an_address_with_an_account_meanwhile_joins_by_logging_in(app, client, link):
    make_user(email="carl@elsewhere.example", name="Carl Early", now=NOW)
    page = client.get(link).get_data(as_text=True)
    assert "An account already uses carl@elsewhere.example." in page and "Create my account" not in page
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post(link, data={**ACCOUNT, "csrf_token": token}).status_code == 200  # no account made: log in first
    assert enrolments_of("carl@elsewhere.example") == 0

    log_in(client, "carl@elsewhere.example", PASSWORD)
    join = client.get(link).get_data(as_text=True)
    assert "Join the course" in join
    response = client.post(link, data={"csrf_token": csrf_from(join)})
    assert response.status_code == 302 and response.location == "/courses/stem-careers"
    assert enrolments_of("carl@elsewhere.example") == 1


def test_someone_else_logged_in_cannot_use_the_link(app, client, link):
    dora = make_user(email="dora@school.example", now=NOW)
    log_in(client, dora.email)
    page = client.get(link).get_data(as_text=True)
    assert "This invitation is for carl@elsewhere.example, and you are logged in as dora@school.example." in page
    client.post(link, data={"csrf_token": csrf_from(page)})
    assert enrolments_of("dora@school.example") == 0 and db.session.scalar(select(Invitation.accepted_at)) is None


def test_an_invitation_that_cannot_be_sent_is_tried_again_and_the_tutor_sees_it(app, courses, smtp):
    tutor = app.test_client()
    make_course_tutor("stem-careers", now=NOW, client=tutor)
    upload(tutor, "carl@elsewhere.example\n")
    port, app.config["MAIL_PORT"] = app.config["MAIL_PORT"], 1  # nothing listens there: the server is out of reach
    assert send(NOW) == 0
    invitation = db.session.scalar(select(Invitation))
    assert invitation.sent_at is None and invitation.attempts == 1 and invitation.last_error
    assert "1 attempt failed, trying again" in tutor.get("/tutor/courses/stem-careers/runs/autumn-2017/enrolments").get_data(as_text=True)
    app.config["MAIL_PORT"] = port
    assert send(NOW + timedelta(minutes=5)) == 0  # it waits a while before trying again
    assert send(NOW + timedelta(minutes=20)) == 1 and [m["To"] for m in smtp.messages] == ["carl@elsewhere.example"]
