"""An application's portfolio: evidence in Markdown (sanitised) with attachments checked like peer
work (too big, wrong type), editable until submitted; submitting only once the criteria are met; who
may see it (404 for everyone else)."""

from __future__ import annotations

import io

from lms.core.extensions import db
from lms.organisations import services
from lms.organisations.models import Application, EvidenceAttachment
from tests.conftest import NOW, csrf_from
from tests.factories import make_user
from tests.organisations.conftest import PNG, add_member, client_for, complete_course, make_organisation, ready_application


def _url(organisation, application, tail: str = "") -> str:
    return f"/organisations/{organisation.id}/applications/{application.id}{tail}"


def _post_evidence(client, url: str, text: str, file: tuple[bytes, str] | None = None):
    token = csrf_from(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "text": text}
    if file:
        data["attachment"] = (io.BytesIO(file[0]), file[1])
    return client.post(url, data=data, content_type="multipart/form-data")


def _start(client, organisation, level: str = "bronze") -> Application:
    page = f"/organisations/{organisation.id}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    client.post(page + "/applications", data={"csrf_token": token, "scheme": "test-award", "level": level})
    client.post(page + "/applications", data={"csrf_token": token, "scheme": "test-award", "level": level})  # double click
    db.session.expire_all()
    rows = db.session.query(Application).filter_by(organisation_id=organisation.id).all()
    assert len(rows) == 1
    return rows[0]


def test_evidence_is_sanitised_markdown_and_attachments_are_checked_like_peer_work(app, scheme):
    organisation, coordinator = make_organisation()
    client = client_for(app, coordinator)
    application = _start(client, organisation)
    url = _url(organisation, application, "/evidence/plan")
    saved = _post_evidence(client, url, "**Our plan** <script>alert(1)</script>", (PNG, "photo.png"))
    assert saved.status_code == 302
    page = client.get(_url(organisation, application)).get_data(as_text=True)
    assert "<strong>Our plan</strong>" in page and "<script>alert" not in page and "photo.png" in page

    wrong = _post_evidence(client, url, "Still our plan", (b"MZ\x90\x00 an executable", "setup.exe"))
    assert wrong.status_code == 422 and "Attach a PDF, an image" in wrong.get_data(as_text=True)
    assert "Still our plan" in wrong.get_data(as_text=True)  # what was typed stays
    app.config["MAX_ATTACHMENT_BYTES"] = 1024
    big = _post_evidence(client, url, "Our plan", (PNG + b"\x00" * 2048, "big.png"))
    assert big.status_code == 422 and "larger than" in big.get_data(as_text=True)
    assert db.session.query(EvidenceAttachment).count() == 1

    attachment = db.session.query(EvidenceAttachment).one()
    with client.get(_url(organisation, application, f"/attachments/{attachment.id}")) as download:
        assert download.status_code == 200 and download.data == PNG and "no-store" in download.headers["Cache-Control"]


def test_only_coordinators_assessors_and_administrators_see_an_application(app, scheme):
    organisation, coordinator = make_organisation()
    member = add_member(organisation)
    application = _start(client_for(app, coordinator), organisation)
    url = _url(organisation, application)
    for person in (member, make_user(name="Stranger", now=NOW)):
        client = client_for(app, person)
        assert client.get(url).status_code == 404
        assert client.get(url + "/evidence/plan").status_code == 404
    other, _ = make_organisation(name="Elsewhere")
    assert client_for(app, coordinator).get(f"/organisations/{other.id}/applications/{application.id}").status_code == 404


def test_an_application_is_submitted_only_when_its_criteria_are_met_and_then_no_longer_changes(app, scheme):
    organisation, coordinator = make_organisation()
    client = client_for(app, coordinator)
    application = _start(client, organisation)
    _post_evidence(client, _url(organisation, application, "/evidence/plan"), "Our plan")
    url = _url(organisation, application)
    token = csrf_from(client.get(url).get_data(as_text=True))
    refused = client.post(url + "/submit", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "Not every criterion of this level is met yet" in refused
    for number in range(2):
        complete_course(add_member(organisation, name=f"Staff {number}"))
    assert "Submit the application" in client.get(url).get_data(as_text=True)
    client.post(url + "/submit", data={"csrf_token": token})
    client.post(url + "/submit", data={"csrf_token": token})  # a double click submits once
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "submitted"
    late = _post_evidence(client, _url(organisation, application, "/evidence/plan"), "A new plan")
    assert late.status_code == 422 and "can no longer change" in late.get_data(as_text=True)
    trail = client.get(url).get_data(as_text=True)
    assert "submitted by Cora Coordinator" in trail


def test_a_level_needs_each_of_its_evidence_items(app, scheme):
    organisation, coordinator = make_organisation()
    for number in range(3):
        complete_course(add_member(organisation, name=f"Staff {number}"))
    application = services.start_application(coordinator, organisation.id, "test-award", "silver", now=NOW)
    services.save_evidence(coordinator, organisation.id, application.id, "plan", text="Plan", upload=None, upload_dir=None,
                           max_bytes=1, now=NOW)
    db.session.commit()
    client = client_for(app, coordinator)
    url = _url(organisation, application)
    token = csrf_from(client.get(url).get_data(as_text=True))
    page = client.post(url + "/submit", data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "Write every evidence item this level needs" in page


def test_a_ready_application_submits(app, scheme):
    organisation, coordinator = make_organisation()
    application = ready_application(organisation, coordinator)
    assert services.submit_application(coordinator, organisation.id, application.id, now=NOW)
