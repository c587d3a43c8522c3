"""Badges, certificates and the calendar feed in people's languages: a certificate PDF speaks its
holder's saved language whoever asks for it, public pages the visitor's (and a page kept for one
language is never served in another), course words keep the course's language, the calendar feed
its owner's, and the badges command the site's default."""

from __future__ import annotations

import io

import icalendar
import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from lms.accounts.models import User
from lms.awards.models import Certificate
from lms.core.extensions import db
from lms.courses.models import Course
from tests.conftest import NOW
from tests.factories import make_awarded_badge, make_enrolment, make_learner, make_learner_client, make_user
from tests.web.test_badge_pages import drawn, finish_drawn, uid_of  # noqa: F401  (drawn: a fixture, asked for by name)


def speaks(user: User, language: str) -> None:
    db.session.get(User, user.id).language = language
    db.session.commit()


def pdf_text(client, uid: str) -> str:
    response = client.get(f"/my/certificates/{uid}.pdf")
    assert response.status_code == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


@pytest.mark.usefixtures("drawn")
def test_the_certificate_pdf_is_drawn_in_its_holders_language_with_dates_by_babel(app):
    ada, client = make_learner_client(app, "drawn", now=NOW, name="Ada Lovelace")
    speaks(ada, "de")
    finish_drawn(client)
    uid = db.session.scalar(select(Certificate.uid))
    text = pdf_text(client, uid)
    for expected in ("Abschlusszertifikat", "Hiermit wird bestätigt, dass", "Ada Lovelace", "Gelernt am 3. Oktober 2017",
                     "Ausgestellt von STEM Academy am 3. Oktober 2017", f"Zertifikatsnummer: {uid}", "Lernzeit"):
        assert expected in text, expected
    assert "Certificate" not in text and "October" not in text
    speaks(ada, "it")  # she changes her language: her next copy is drawn anew in it
    text = pdf_text(client, uid)
    assert "Certificato di completamento" in text and "Studiato il 3 ottobre 2017" in text and "Abschluss" not in text


@pytest.mark.usefixtures("drawn")
def test_the_public_verification_page_speaks_the_visitors_language_with_the_holders_dates(app):
    ada, client = make_learner_client(app, "drawn", now=NOW, name="Ada Lovelace", timezone="Asia/Tokyo")
    speaks(ada, "de")
    finish_drawn(client)
    uid = db.session.scalar(select(Certificate.uid))
    page = app.test_client().get(f"/certificates/{uid}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="fr">' in page and "Vérification du certificat" in page and "<strong>Valide.</strong>" in page
    assert "Étudié le 3 octobre 2017" in page and "Nom non affiché" in page  # her day in Tokyo, in French
    assert '<span lang="en">Drawn Course</span>' in page  # the course's own words keep their language


@pytest.mark.usefixtures("drawn")
def test_a_public_badge_page_is_kept_per_language_and_its_evidence_is_in_the_courses_language(app):
    db.session.execute(update(Course).where(Course.slug == "drawn").values(language="de"))
    db.session.commit()
    _, client = make_learner_client(app, "drawn", now=NOW)
    finish_drawn(client)
    path = f"/badges/assertions/{uid_of('drawn-sketch')}"
    french = app.test_client().get(path, headers={"Accept-Language": "fr"})
    page = french.get_data(as_text=True)
    assert '<html lang="fr">' in page and "<strong>Valide.</strong>" in page and "Critères" in page
    assert '<dd lang="de">Hat das Modul „' in page and '<h1 lang="de">Drawn Sketch</h1>' in page
    italian = app.test_client().get(path, headers={"Accept-Language": "it", "If-None-Match": french.headers["ETag"]})
    assert italian.status_code == 200 and "<strong>Valido.</strong>" in italian.get_data(as_text=True)
    assert italian.headers["ETag"] != french.headers["ETag"] and "Accept-Language" in italian.headers["Vary"]
    again = app.test_client().get(path, headers={"Accept-Language": "fr", "If-None-Match": french.headers["ETag"]})
    assert again.status_code == 304


def test_my_badges_page_speaks_the_learners_language(app, practice):
    ada, client = make_learner_client(app, "practice", now=NOW)
    speaks(ada, "es")
    make_awarded_badge(ada, "practice-basics", now=NOW)
    page = client.get("/my/badges").get_data(as_text=True)
    assert "Mis insignias" in page and "Obtenida el 3 de octubre de 2017" in page and "Enlace para compartir" in page
    assert '<h3 id="badge-' in page and 'lang="en"><a href=' in page  # the badge's name is the course's English


def test_the_calendar_feed_is_written_in_its_owners_language_whoever_fetches_it(app, courses):
    user = make_user(name="Ada Learner", now=NOW)
    make_enrolment(user, now=NOW)
    speaks(user, "fr")
    feed = app.test_client().get(f"/calendar/{user.calendar_token}.ics", headers={"Accept-Language": "de"})
    parsed = icalendar.Calendar.from_ical(feed.get_data())
    summaries = [str(event.get("summary")) for event in parsed.walk("VEVENT")]
    assert "Opening Schools to STEM Careers : ouverture de « Career orientation events on STEM education »" in summaries
    assert summaries[-1] == "Opening Schools to STEM Careers : fin de la période du cours"
    assert str(parsed["X-WR-CALNAME"]) == "Ada Learner : cours"


def test_the_badges_command_speaks_the_sites_default_language(app, practice, runner):
    app.config["DEFAULT_LANGUAGE"] = "fr"
    make_learner("practice", now=NOW, email="ada@school.example")
    award = ["badges", "award", "--email", "ada@school.example", "--badge", "practice-basics", "--reason", "Présentation"]
    with app.app_context():  # as a command runs: its own context (the test's has drawn in English already)
        assert runner.invoke(args=award).exit_code == 0
        again = runner.invoke(args=award)
        unknown = runner.invoke(args=["badges", "award", "--email", "x@school.example", "--badge", "nope", "--reason", "x"])
    assert "ada@school.example possède déjà ce badge." in again.output
    assert unknown.exit_code != 0 and "Aucun badge « nope »" in unknown.output
