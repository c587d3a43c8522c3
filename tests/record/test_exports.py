"""The record's exports: the PDF parsed back, the CSV's rows and its formula escaping, and the zip
of badges whose baked images and credentials verify."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta

import openbadges_bakery
from pypdf import PdfReader

from badges.identity import verify_hashed_email
from badges.ob3.verify import verify
from lms.awards import ob3_documents
from lms.awards import services as awards
from lms.core.extensions import db
from tests.awards.conftest import PNG as BADGE_PNG
from tests.conftest import NOW
from tests.factories import make_learner_client
from tests.record.conftest import standard_ids
from tests.record.test_entries import post_entry
from tests.web.test_badges import complete_course


def tag(client, key: str, *ids: int) -> None:
    from tests.conftest import csrf_from

    html = client.get(f"/my/record/tags?entry={key}").get_data(as_text=True)
    response = client.post("/my/record/tags", data={"entry": key, "standard": [str(i) for i in ids],
                                                    "csrf_token": csrf_from(html)})
    assert response.status_code == 302, response.get_data(as_text=True)


def learner_with_a_record(app):
    user, client = make_learner_client(app, "practice", now=NOW, name="Siobhán Ní Bhriain",
                                       email="siobhan@school.example")
    complete_course(client)
    post_entry(client, data={"title": "=HYPERLINK(\"http://evil.example\",\"click\")", "provider": "@SUM(A1)",
                             "hours": "2.5", "note": ""})
    return user, client


def csv_rows(client) -> list[list[str]]:
    response = client.get("/my/record/record.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_has_one_row_per_entry_with_its_standards_and_no_formula(app, practice, framework):
    _, client = learner_with_a_record(app)
    ids = standard_ids()
    tag(client, "external:1", ids["A1"], ids["B1"])
    header, *rows = csv_rows(client)
    assert header == ["Kind", "Title", "Provider", "Start", "End", "Hours", "Outcome", "Standards"]
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row[0], []).append(row)
    assert len(by_kind["Badge"]) == 2 and len(by_kind["Certificate"]) == 1
    [course] = by_kind["Course"]
    assert course[1:4] == ["Practice Course", "STEM Academy", "2017-10-03"] and course[4] == "2017-10-03" and course[6] == "Completed"
    [external] = by_kind["Learning elsewhere"]
    assert external[1] == "'=HYPERLINK(\"http://evil.example\",\"click\")" and external[2] == "'@SUM(A1)"
    assert external[3:6] == ["2017-07-03", "2017-07-07", "2.5"]
    assert external[7] == "A1 Knows the subject; B1 Plans lessons well"


def test_the_pdf_holds_every_entry_with_its_standards_the_name_and_the_day_it_was_made(app, practice, framework):
    _, client = learner_with_a_record(app)
    tag(client, "course:1", standard_ids()["A2"])
    response = client.get("/my/record/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Professional learning record: Siobhán Ní Bhriain" in text
    assert "Made on 3 Oct 2017" in text and "5 entries" in text
    for words in ("Practice Course", "Practice Basics", "Practice Graduate", "Certificate: Practice Course",
                  "=HYPERLINK", "A2 Knows how people learn", "3 Jul 2017 – 7 Jul 2017", "Completed"):
        assert words in text, words
    assert reader.metadata.title == "Professional learning record: Siobhán Ní Bhriain"


def test_the_pdf_is_drawn_in_the_learners_language(app, practice):
    user, client = learner_with_a_record(app)
    user.language = "fr"
    db.session.commit()
    text = " ".join(PdfReader(io.BytesIO(client.get("/my/record/record.pdf").data)).pages[0].extract_text().split())
    assert "3 oct. 2017" in text


def test_the_badges_zip_holds_baked_images_and_credentials_that_verify(app, practice, tmp_path):
    user, client = learner_with_a_record(app)
    image = tmp_path / "programme.png"
    image.write_bytes(BADGE_PNG.read_bytes())
    programme = awards.StandaloneBadge(slug="a-programme", name="A Programme", description="Completed a programme.",
                                       criteria="Everything.", image=image)
    standalone_uid = awards.issue_standalone(f"programme:a:user:{user.id}", programme,
                                             awards.Recipient(name=user.name, user_id=user.id), [], now=NOW)
    db.session.commit()
    response = client.get("/my/record/badges.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    response.close()
    names = archive.namelist()
    images = [name for name in names if name.startswith("open-badges-2.0/")]
    credentials = [name for name in names if name.startswith("open-badges-3.0/")]
    assert len(images) == 3 and len(credentials) == 3 and "README.txt" in names
    for name in images:
        assertion = json.loads(openbadges_bakery.unbake(io.BytesIO(archive.read(name))))
        hosted = client.get(assertion["id"].removeprefix("http://localhost"))
        assert hosted.status_code == 200 and hosted.get_json() == assertion
        recipient = assertion["recipient"]
        assert verify_hashed_email(recipient["identity"], "siobhan@school.example", recipient.get("salt") or "")
    assert any(standalone_uid in name for name in images)
    for name in credentials:
        document = archive.read(name).decode()
        credential_id = json.loads(document)["id"]
        report = verify(document, resolve_public_key=ob3_documents.key_document_for,
                        read_status=lambda entry: ob3_documents.is_revoked(credential_id)
                        if entry.get("id") == ob3_documents.status_url() else None,
                        now=NOW + timedelta(days=1), email="siobhan@school.example")
        assert report.ok, (name, report.failures())


def test_a_revoked_badge_is_left_out_of_the_zip(app, practice):
    _, client = learner_with_a_record(app)
    award = awards.list_my_awards(type("U", (), {"id": 1})())[0]
    awards.revoke_badge(None, award.assertion.uid, reason="Copied", now=NOW)
    db.session.commit()
    response = client.get("/my/record/badges.zip")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    response.close()
    assert not any(award.assertion.uid in name for name in names)
    assert len([name for name in names if name.endswith(".png") or name.endswith(".svg")]) == 1
