"""A programme certificate: issued once per source, with a transcript the PDF prints (parsed back here),
a QR code to its public verification page, the holder's name only if they show it, and revocation."""

from __future__ import annotations

import io
import re
import threading
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from lms.awards import services as awards
from lms.awards.models import ProgrammeCertificate
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from tests.conftest import NOW, meeting_at
from tests.factories import log_in, make_user

TITLE = "Postgraduate Certificate in STEM Outreach for Libraries"
LINES = [
    awards.TranscriptLine("STEM Outreach for Libraries", date(2017, 1, 9), date(2017, 3, 20), 40, "Completed"),
    awards.TranscriptLine("Library Makerspaces", date(2017, 3, 1), date(2017, 5, 2), 25.5, "Completed"),
    awards.TranscriptLine("Workshop: Coding clubs for children", None, date(2017, 6, 1), 3, "Attended"),
    awards.TranscriptLine("Placement at Cork City Library", date(2017, 6, 5), date(2017, 7, 14), 30, "Signed off"),
]


def issue(user, source="programme:stem:user:1", lines=LINES, *, now=NOW):
    uid = awards.issue_programme_certificate(source, user_id=user.id, title=TITLE, lines=lines, hours=98.5, now=now)
    db.session.commit()
    return uid


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_issuing_twice_for_one_source_gives_one_certificate(app):
    user = make_user(now=NOW)
    assert issue(user) == issue(user, now=NOW + timedelta(days=1))
    assert db.session.scalar(select(func.count()).select_from(ProgrammeCertificate)) == 1
    urls = awards.programme_certificate_urls(issue(user))
    assert urls == {"page": f"http://localhost/certificates/programmes/{issue(user)}",
                    "pdf": f"http://localhost/my/programme-certificates/{issue(user)}.pdf"}


def test_two_calls_at_the_same_moment_make_one_certificate(app):
    user = make_user(now=NOW)
    uids, errors = [], []

    def call() -> None:
        try:
            with app.app_context():
                uids.append(issue(user))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    with meeting_at("INSERT INTO PROGRAMME_CERTIFICATES"):
        threads = [threading.Thread(target=call) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == [] and len(uids) == 2 and uids[0] == uids[1]
    assert db.session.scalar(select(func.count()).select_from(ProgrammeCertificate)) == 1


def test_the_pdf_states_every_transcript_line_and_its_qr_code_leads_to_the_page(app):
    import pypdfium2
    import zxingcpp

    user = make_user(email="ada@library.example", name="Ada Lovelace", now=NOW)
    uid = issue(user)
    client = app.test_client()
    log_in(client, user.email)
    response = client.get(f"/my/programme-certificates/{uid}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for expected in ("Programme Certificate", "Ada Lovelace", TITLE, "Transcript", "about 98.5 hours of study",
                     "STEM Outreach for Libraries", "9 January 2017 – 20 March 2017", "40", "Completed",
                     "Library Makerspaces", "1 March 2017 – 2 May 2017", "25.5",
                     "Workshop: Coding clubs for children", "1 June 2017", "Attended",
                     "Placement at Cork City Library", "5 June 2017 – 14 July 2017", "Signed off", "Total"):
        assert expected in text, expected
    pdf = pypdfium2.PdfDocument(response.data)
    (code,) = zxingcpp.read_barcodes(pdf[0].render(scale=3).to_pil())
    pdf.close()
    assert code.text == f"http://localhost/certificates/programmes/{uid}"
    page = app.test_client().get(code.text.removeprefix("http://localhost"))
    assert page.status_code == 200 and "Valid." in page.get_data(as_text=True)


def test_a_long_transcript_flows_onto_more_pages(app):
    user = make_user(now=NOW)
    lines = [awards.TranscriptLine(f"Course number {n}", date(2017, 1, 1), date(2017, 2, 1), 2, "Completed")
             for n in range(1, 81)]
    uid = issue(user, lines=lines)
    client = app.test_client()
    log_in(client, user.email)
    data = client.get(f"/my/programme-certificates/{uid}.pdf").data
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    text = pdf_text(data)
    assert all(f"Course number {n} " in text for n in range(1, 81))


def test_only_the_holder_downloads_the_pdf(app):
    user, other = make_user(now=NOW), make_user(now=NOW)
    uid = issue(user)
    client = app.test_client()
    log_in(client, other.email)
    assert client.get(f"/my/programme-certificates/{uid}.pdf").status_code == 404
    assert app.test_client().get(f"/my/programme-certificates/{uid}.pdf").status_code in (302, 401)


def test_the_public_page_shows_the_transcript_and_the_name_only_if_shown(app, client):
    user = make_user(name="Ada Lovelace", now=NOW)
    uid = issue(user)
    page = client.get(f"/certificates/programmes/{uid}").get_data(as_text=True)
    assert TITLE in page and "Placement at Cork City Library" in page and "Signed off" in page
    assert "Ada Lovelace" not in page and "Name not shown" in page
    user.show_name_publicly = True
    db.session.commit()
    assert "Ada Lovelace" in app.test_client().get(f"/certificates/programmes/{uid}").get_data(as_text=True)


def test_revoking_its_source_revokes_it_in_public(app, client):
    user = make_user(now=NOW)
    uid = issue(user)
    awards.revoke_standalone("programme:stem:user:1", reason="Placement record was false.", now=NOW + timedelta(days=5))
    db.session.commit()
    page = client.get(f"/certificates/programmes/{uid}")
    assert page.status_code == 410 and "Placement record was false." in page.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/certificates/programmes/nope", "/certificates/programmes/%00",
                                  "/certificates/programmes/" + "x" * 300])
def test_unknown_certificates_are_404(app, client, path):
    assert client.get(path).status_code in (400, 404)


@pytest.mark.parametrize("change, field", [
    ({"title": ""}, "title"), ({"title": "x" * 301}, "title"), ({"hours": -1}, "hours"), ({"hours": float("nan")}, "hours"),
    ({"lines": [awards.TranscriptLine("", None, None, 1, "Completed")]}, "title"),
    ({"lines": [awards.TranscriptLine("A", "yesterday", None, 1, "Completed")]}, "started_on"),
    ({"lines": [awards.TranscriptLine("A", None, None, float("inf"), "Completed")]}, "hours"),
])
def test_bad_values_are_refused_and_nothing_is_made(app, change, field):
    user = make_user(now=NOW)
    values = {"user_id": user.id, "title": TITLE, "lines": LINES, "hours": 98.5, **change}
    with pytest.raises(ValidationError) as refused:
        awards.issue_programme_certificate("s", now=NOW, **values)
    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(ProgrammeCertificate)) == 0


def test_an_unknown_account_is_not_found(app):
    with pytest.raises(NotFound):
        awards.issue_programme_certificate("s", user_id=424242, title=TITLE, lines=[], hours=1, now=NOW)
