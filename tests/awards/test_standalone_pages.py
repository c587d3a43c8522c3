"""A learner's "My badges" page lists their standalone badges (with the baked image to download) and
programme certificates; what awards holds about them goes into their export and goes with their erasure."""

from __future__ import annotations

import json
from datetime import date

from badges import baking
from lms.awards import personal_data
from lms.awards import services as awards
from lms.core.extensions import db
from tests.awards.conftest import issue_to_person, issue_to_school
from tests.conftest import NOW
from tests.factories import log_in, make_user


def certify(user):
    uid = awards.issue_programme_certificate(
        f"programme:stem:user:{user.id}", user_id=user.id, title="Postgraduate Certificate in STEM Outreach",
        lines=[awards.TranscriptLine("Library Makerspaces", date(2017, 3, 1), date(2017, 5, 2), 25, "Completed")],
        hours=25, now=NOW)
    db.session.commit()
    return uid


def test_my_badges_lists_standalone_badges_and_programme_certificates(app, png_badge, svg_badge):
    user = make_user(now=NOW)
    uid = issue_to_person(png_badge, user)
    certificate = certify(user)
    issue_to_school(svg_badge)  # an organisation's: not on anyone's page
    client = app.test_client()
    log_in(client, user.email)
    page = client.get("/my/badges").get_data(as_text=True)
    assert "STEM Outreach for Libraries" in page and f"/badges/awards/{uid}.png?download=1" in page
    assert "STEM Award: Bronze" not in page and "No badge yet" not in page
    assert f"/my/programme-certificates/{certificate}.pdf" in page and "Postgraduate Certificate in STEM Outreach" in page
    image = client.get(f"/badges/awards/{uid}.png?download=1")
    assert image.status_code == 200 and "attachment" in image.headers["Content-Disposition"]
    assert json.loads(baking.unbake(image.data))["id"] == f"http://localhost/badges/awards/{uid}.json"


def test_a_revoked_standalone_badge_says_so_on_my_badges(app, png_badge):
    user = make_user(now=NOW)
    issue_to_person(png_badge, user)
    awards.revoke_standalone(f"programme:stem:user:{user.id}", reason="Entered in error", now=NOW)
    db.session.commit()
    client = app.test_client()
    log_in(client, user.email)
    page = client.get("/my/badges").get_data(as_text=True)
    assert "Entered in error" in page and ".png?download=1" not in page


def test_the_export_holds_them_and_erasure_revokes_them_and_forgets_the_name(app, client, png_badge):
    user = make_user(email="ada@library.example", name="Ada Lovelace", now=NOW)
    uid = issue_to_person(png_badge, user)
    certificate = certify(user)
    exported = {name: list(rows) for name, rows in personal_data.export(user.id)}
    assert exported["programme_badges.json"][0]["url"] == f"http://localhost/badges/awards/{uid}"
    assert exported["programme_certificates.json"][0]["transcript"][0]["title"] == "Library Makerspaces"
    files = dict(personal_data.files(user.id))
    assert f"badges/stem-outreach-libraries-programme-{uid}.png" in files
    assert files[f"programme_certificates/certificate-{certificate}.pdf"].startswith(b"%PDF")
    personal_data.erase(user.id, now=NOW)
    db.session.commit()
    view = awards.standalone_award(uid)
    assert view.revocation_reason == "account closed" and view.recipient_name == ""
    assert client.get(f"/badges/awards/{uid}.json").status_code == 410
    assert client.get(f"/certificates/programmes/{certificate}").status_code == 410
