"""A tutor enrols people from a file of e-mail addresses: accounts are enrolled, other addresses
invited by e-mail (through the SMTP server on loopback), bad rows reported by their line while
the good ones go in, and the same file again changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.core.extensions import db
from lms.courses.models import Course
from lms.learning.models import Enrolment
from lms.roster.models import Invitation
from tests.conftest import NOW
from tests.factories import log_in, make_course_tutor, make_learner, make_user
from tests.roster.helpers import enrolments_url, invitation_link, send, upload

FILE = "\ufeffName;Email;Group\nBea Known;bea@school.example;A\nCarl Stranger;carl@elsewhere.example;A\n" \
       "Ada In;ada@school.example;B\nNo Address;not-an-address;B\n;;\nDan Dup;BEA@School.example;B\nEve New;eve@elsewhere.example;C\n"


@pytest.fixture
def tutor(client, courses):
    return make_course_tutor("stem-careers", now=NOW, client=client)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_accounts_are_enrolled_strangers_invited_bad_rows_reported_by_line(app, client, tutor, smtp):
    bea = make_user(email="bea@school.example", name="Bea Known", now=NOW)
    make_learner(email="ada@school.example", now=NOW)

    response = upload(client, FILE)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>1 enrolled</strong>" in html
    assert "<strong>2 invited</strong>" in html
    assert "1 already in the run" in html
    assert "1 row repeated an address given on an earlier row" in html  # BEA@School.example is bea@school.example
    assert "<strong>1 row refused</strong>" in html
    assert "Line 5: “not-an-address” is not an e-mail address." in html
    assert count(Enrolment, Enrolment.user_id == bea.id) == 1
    bea_client = app.test_client()
    log_in(bea_client, bea.email)
    assert "Autumn 2017" in bea_client.get("/dashboard").get_data(as_text=True)  # the course is on her dashboard

    assert smtp.messages == []  # nothing leaves before the job runs, after the upload is committed
    assert send(NOW) == 2
    assert sorted(message["To"] for message in smtp.messages) == ["carl@elsewhere.example", "eve@elsewhere.example"]
    message = smtp.messages[0]
    assert message["Subject"] == "Invitation to the course “Opening Schools to STEM Careers”"
    assert "Tess Tutor invites you to the course" in message.get_body(("plain",)).get_content()
    assert message["Content-Language"] == "en"  # the course's language
    assert invitation_link(message).startswith("/invitations/")
    assert f"{invitation_link(message)}" in message.get_body(("html",)).get_content()


def test_the_same_file_again_changes_nothing(client, tutor, smtp):
    make_user(email="bea@school.example", now=NOW)
    upload(client, FILE)
    send(NOW)
    enrolments, invitations = count(Enrolment), count(Invitation)

    html = upload(client, FILE).get_data(as_text=True)

    assert "<strong>0 enrolled</strong>" in html and "<strong>0 invited</strong>" in html
    assert "1 already in the run" in html and "3 already invited (no second e-mail)" in html
    assert (count(Enrolment), count(Invitation)) == (enrolments, invitations) == (1, 3)
    assert send(NOW) == 0 and len(smtp.messages) == 3  # no second invitation e-mail


def test_a_double_click_enrols_and_invites_once(client, tutor, smtp):
    make_user(email="bea@school.example", now=NOW)
    first, second = upload(client, FILE), upload(client, FILE)
    assert first.status_code == second.status_code == 200
    assert count(Enrolment) == 1  # Bea
    assert count(Invitation) == 3  # Carl, Ada (no account here) and Eve
    send(NOW)
    assert len(smtp.messages) == 3


def test_the_page_says_what_is_waiting(client, tutor, smtp):
    make_learner(email="ada@school.example", name="Ada In", now=NOW)
    upload(client, "carl@elsewhere.example\n")
    page = client.get(enrolments_url()).get_data(as_text=True)
    assert "1 learner enrolled" in page and "1 invitation waiting for an answer" in page
    assert "carl@elsewhere.example" in page and "Waiting to be sent" in page
    send(NOW)
    assert "Waiting to be sent" not in client.get(enrolments_url()).get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    (b"", "This file is empty."),
    (b"   \n\n", "This file is empty."),
    (b"PK\x03\x04\x00\x00binary", "This file cannot be read as text."),
    (("x@example.org\n" * 80_000).encode(), "This file is larger than 1 MB."),
    ("".join(f"person{n}@example.org\n" for n in range(10_001)).encode(), "This file has more than 10,000 rows"),
    (b"Name,Group\nAda,A\n", "The first line has no column named “email”."),
])
def test_a_file_that_cannot_be_used_is_refused_whole_with_a_clear_message(client, tutor, data, message):
    response = upload(client, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count(Enrolment) == 0 and count(Invitation) == 0


def test_an_unenrolled_learner_in_the_file_comes_back_with_their_work(client, tutor):
    ada = make_learner(email="ada@school.example", now=NOW)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == ada.id))
    enrolment.unenrolled_at = NOW
    db.session.commit()

    html = upload(client, "ada@school.example\n").get_data(as_text=True)

    assert "<strong>1 enrolled</strong> (1 of them had been unenrolled and is back, with their work)" in html
    db.session.expire_all()
    assert db.session.get(Enrolment, enrolment.id).unenrolled_at is None


def test_an_expired_invitation_is_made_again_by_a_new_upload(app, client, tutor, smtp):
    upload(client, "carl@elsewhere.example\n")
    send(NOW)
    later = NOW.replace(year=2018)
    app.config["FIXED_NOW"] = later

    html = upload(client, "carl@elsewhere.example\n").get_data(as_text=True)

    assert "<strong>1 invited</strong>" in html
    assert send(later) == 1 and len(smtp.messages) == 2
    assert invitation_link(smtp.messages[0]) != invitation_link(smtp.messages[1])


def test_a_form_without_a_file_asks_for_one(client, tutor):
    from tests.roster.helpers import post_form

    response = post_form(client, enrolments_url() + "/upload", page=enrolments_url())
    assert response.status_code == 422 and "Choose a file to upload." in response.get_data(as_text=True)


def invite_one(app, course: str, run: str, *, tutor_language: str = "en"):
    """One stranger invited to the run by a tutor whose interface is in ``tutor_language``: the e-mail sent."""
    tutor = app.test_client()
    user = make_course_tutor(course, now=NOW, client=tutor)
    user.language = tutor_language
    db.session.commit()
    upload(tutor, "carl@elsewhere.example\n", course=course, run=run)
    send(NOW)
    return tutor


def test_the_invitation_is_written_in_the_courses_language_not_the_tutors(app, courses, smtp):
    invite_one(app, "stem-careers", "autumn-2017", tutor_language="fr")
    (message,) = smtp.messages
    html = message.get_body(("html",)).get_content()
    assert message["Content-Language"] == "en" and '<html lang="en">' in html
    assert "Tess Tutor invites you to the course" in message.get_body(("plain",)).get_content()


def test_a_french_course_invites_in_french_whatever_the_tutor_reads(app, courses, smtp):
    invite_one(app, "stem-metiers", "a-votre-rythme", tutor_language="en")
    (message,) = smtp.messages
    html = message.get_body(("html",)).get_content()
    assert message["Content-Language"] == "fr" and '<html lang="fr">' in html
    assert "Invitation to the course" not in message["Subject"]


def test_a_course_in_a_language_the_site_does_not_speak_invites_in_the_site_default(app, courses, smtp):
    db.session.scalar(select(Course).where(Course.slug == "stem-careers")).language = "pt"
    app.config["DEFAULT_LANGUAGE"] = "de"
    invite_one(app, "stem-careers", "autumn-2017", tutor_language="fr")
    (message,) = smtp.messages
    html = message.get_body(("html",)).get_content()
    assert message["Content-Language"] == "de" and '<html lang="de">' in html
    assert '<span lang="pt">Opening Schools to STEM Careers</span>' in html  # the course's words keep their language