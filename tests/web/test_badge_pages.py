"""The pages around badges and certificates as their holders, verifiers and tutors meet them:
links that open pages, artwork that exists, the holder's own dates and zone, names kept off
public pages, plain words on My badges, and a course's awards managed only from its own page."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from badges import baking, signing
from lms.awards.models import Assertion, Certificate
from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.models import BadgeClass
from lms.courses.services.staffing import make_tutor
from lms.courses.services.sync import sync_courses
from tests.conftest import NOW, ROOT, csrf_from, submit
from tests.factories import make_awarded_badge, make_learner, make_learner_client, make_tutor_client

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ONLY_PAGE = "/courses/drawn/modules/sketch/only-page"


@pytest.fixture
def drawn(app):
    """A self-paced one-module course whose badges are drawn only as SVG (tests/fixtures/svg_badge)."""
    catalog = load_catalog(ROOT / "tests" / "fixtures" / "svg_badge" / "courses", ROOT / "tests" / "fixtures" / "content")
    assert catalog.ok, "\n".join(map(str, catalog.problems))
    app.config["CONTENT_DIR"] = str(ROOT / "tests" / "fixtures" / "content")
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    return catalog.courses[0]


def uid_of(badge_slug: str) -> str:
    return db.session.scalar(select(Assertion.uid).join(BadgeClass, BadgeClass.id == Assertion.badge_class_id)
                             .where(BadgeClass.slug == badge_slug))


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def finish_drawn(client) -> None:
    """Read the drawn course's only page: that completes the module and the course."""
    response = submit(client, ONLY_PAGE + "/done", page=ONLY_PAGE)
    assert response.status_code == 302, response.get_data(as_text=True)


# --- 5. a course's awards page manages that course's awards only ----------------------------


def revoke_on(tutor_client, course_slug: str, field: str, uid: str):
    page = f"/tutor/courses/{course_slug}/awards"
    token = csrf_from(tutor_client.get(page).get_data(as_text=True))
    return tutor_client.post(page, data={"csrf_token": token, field: uid, "reason": "Wrong page"})


def test_a_tutor_cannot_revoke_another_courses_badge_from_a_courses_awards_page(app, practice, drawn):
    learner, learner_client = make_learner_client(app, "drawn", now=NOW)
    finish_drawn(learner_client)
    drawn_badge, certificate = uid_of("drawn-sketch"), db.session.scalar(select(Certificate.uid))
    tutor, both = make_tutor_client(app, "practice", now=NOW)
    make_tutor(tutor, "drawn")
    db.session.commit()
    assert revoke_on(both, "practice", "assertion", drawn_badge).status_code == 404
    assert revoke_on(both, "practice", "certificate", certificate).status_code == 404
    _, practice_only = make_tutor_client(app, "practice", now=NOW)
    assert revoke_on(practice_only, "practice", "assertion", drawn_badge).status_code == 404
    stranger = app.test_client()
    assert stranger.get(f"/badges/assertions/{drawn_badge}").status_code == 200  # still valid
    assert stranger.get(f"/certificates/{certificate}").status_code == 200
    # On its own course's page the same tutor revokes it.
    assert revoke_on(both, "drawn", "assertion", drawn_badge).status_code == 302
    assert stranger.get(f"/badges/assertions/{drawn_badge}").status_code == 410


# --- 6. links for people open pages, not JSON -----------------------------------------------


def test_links_on_my_badges_and_the_public_page_open_web_pages(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW)
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = uid_of("practice-basics")
    mine = client.get("/my/badges").get_data(as_text=True)
    assert f'<a href="/badges/assertions/{uid}">Practice Basics</a>' in mine
    public = app.test_client().get(f"/badges/assertions/{uid}").get_data(as_text=True)
    issuer = re.search(rf'<a href="([^"]+)">{re.escape(app.config["BADGE_ISSUER_NAME"])}</a>', public)
    earned = re.search(r'<a href="([^"]+)">How it is earned</a>', public)
    assert issuer and earned
    for link in (issuer.group(1), earned.group(1)):
        assert ".json" not in link, link
        response = app.test_client().get(link.split("#")[0], headers=BROWSER)
        assert response.status_code == 200 and response.mimetype == "text/html", link


# --- 7. the artwork that exists -----------------------------------------------------------


def test_a_badge_drawn_only_as_svg_has_an_svg_image_and_no_png_download(app, drawn):
    learner, client = make_learner_client(app, "drawn", now=NOW)
    make_awarded_badge(learner, "drawn-sketch", now=NOW)
    uid = uid_of("drawn-sketch")
    document = client.get(f"/badges/assertions/{uid}.json").get_json()
    assert document["image"] == f"http://localhost/badges/assertions/{uid}.svg"
    image = client.get(document["image"].removeprefix("http://localhost"))
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert json.loads(baking.unbake(image.data))["id"] == f"http://localhost/badges/assertions/{uid}.json"
    mine = client.get("/my/badges").get_data(as_text=True)
    assert f"/badges/assertions/{uid}.png" not in mine and "(PNG)" not in mine
    assert f"/badges/assertions/{uid}.svg?download=1" in mine
    for link in hrefs(mine):
        if link.startswith(f"/badges/assertions/{uid}"):
            assert client.get(link.replace("&amp;", "&")).status_code == 200, link


# --- 8. the holder's own dates, in their zone ----------------------------------------------

ENROLLED = datetime(2017, 11, 20, 15, 0, tzinfo=timezone.utc)
COMPLETED = datetime(2017, 12, 2, 3, 30, tzinfo=timezone.utc)  # 1 December, 22:30 in New York


def test_a_self_paced_certificate_states_the_learners_own_dates_in_their_zone(app, drawn):
    app.config["FIXED_NOW"] = ENROLLED
    _, client = make_learner_client(app, "drawn", now=ENROLLED, name="Grace Hopper", timezone="America/New_York")
    app.config["FIXED_NOW"] = COMPLETED
    finish_drawn(client)
    uid = db.session.scalar(select(Certificate.uid))
    pdf = client.get(f"/my/certificates/{uid}.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Studied from 20 November 2017 to 1 December 2017" in text
    assert "on 1 December 2017" in text  # issued
    assert "2 December" not in text and "September" not in text  # not UTC, not the run's start
    page = app.test_client().get(f"/certificates/{uid}").get_data(as_text=True)
    assert "Studied from 20 November 2017 to 1 December 2017" in page and "1 December 2017" in page
    assert "2 December" not in page


# --- 9. names kept off public pages unless their holder shows them -------------------------


def test_the_certificate_page_shows_the_name_only_when_its_holder_chose_to(app, drawn):
    _, client = make_learner_client(app, "drawn", now=NOW, name="Grace Hopper")
    finish_drawn(client)
    uid = db.session.scalar(select(Certificate.uid))
    stranger = app.test_client()
    hidden = stranger.get(f"/certificates/{uid}").get_data(as_text=True)
    assert "Valid." in hidden and "Grace Hopper" not in hidden and "Name not shown" in hidden
    badge = stranger.get(f"/badges/assertions/{uid_of('drawn-sketch')}").get_data(as_text=True)
    assert "Grace Hopper" not in badge
    pdf = client.get(f"/my/certificates/{uid}.pdf")  # her own copy carries her name
    assert "Grace Hopper" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    submit(client, "/my/badges", {"show_name": "1"})
    assert "Grace Hopper" in stranger.get(f"/certificates/{uid}").get_data(as_text=True)
    assert "Grace Hopper" in stranger.get(f"/badges/assertions/{uid_of('drawn-sketch')}").get_data(as_text=True)


# --- 11 and 21. My badges in plain words, as cards ---------------------------------------


def test_my_badges_says_what_each_download_is_for_and_links_the_signed_version(app, practice):
    user, client = make_learner_client(app, "practice", now=NOW)
    make_awarded_badge(user, "practice-basics", now=NOW)
    uid = uid_of("practice-basics")
    html = client.get("/my/badges").get_data(as_text=True)
    for words in ("Share link", "Image with your badge inside (PNG)", "Upload it to a badge backpack", "Add to LinkedIn",
                  "Signed badge record", "Open Badges 2.0 baked PNG", "signed assertion, JWS"):
        assert words in html, words
    assert "Download the baked PNG" not in html and "assertion (JSON)" not in html
    card = re.search(r'<li class="badge-card">(.*?)</details>', html, re.S).group(1)
    assert card.count("<details") == 1 and 'readonly value="http://localhost/badges/assertions/' in card
    signed = client.get(f"/badges/assertions/{uid}.jws?download=1")
    assert signed.headers["Content-Disposition"] == 'attachment; filename="practice-basics.jws"'
    key = client.get("/badges/keys/1.json").get_json()["publicKeyPem"]
    assert signing.verify(signed.get_data(as_text=True), key)["id"] == f"http://localhost/badges/assertions/{uid}.json"


# --- artwork removed from the content folder after import -----------------------------------


def test_a_badge_whose_artwork_was_removed_answers_not_found_instead_of_failing(app, client, practice, tmp_path):
    learner = make_learner("practice", now=NOW)
    assertion = make_awarded_badge(learner, "practice-basics", now=NOW)
    app.config["CONTENT_DIR"] = str(tmp_path / "emptied")  # the artwork is gone; the rows remain
    for address in ("/badges/classes/practice-basics/image", f"/badges/assertions/{assertion.uid}.png"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert b"No such image" in response.data
