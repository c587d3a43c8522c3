"""Learning done elsewhere: add, edit, delete one's own entries; bad input gets a clear message
beside its field and keeps what was typed; the file is checked, bounded and private."""

from __future__ import annotations

import io

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.core.extensions import db
from lms.record.models import ExternalEntry
from tests.conftest import NOW, csrf_from
from tests.factories import make_user, log_in
from tests.record.test_record_page import text_of

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
FORM = {"title": "Robotics summer school", "provider": "Maynooth University", "started_on": "2017-07-03",
        "ended_on": "2017-07-07", "hours": "30", "note": "Built a **line follower**. <script>alert(1)</script>"}


def learner_client(app, name="Niamh Teacher"):
    user = make_user(name=name, now=NOW)
    client = app.test_client()
    log_in(client, user.email)
    return user, client


def post_entry(client, url="/my/record/entries/new", data=None, file=None):
    html = client.get(url).get_data(as_text=True)
    token = __import__("re").search(r'name="form_token"[^>]*value="([^"]+)"', html)
    fields = {**FORM, **(data or {}), "csrf_token": csrf_from(html)}
    if token and "form_token" not in (data or {}):
        fields["form_token"] = token.group(1)
    if file is not None:
        fields["file"] = FileStorage(file[0], file[1])
    # The body built in memory: the test client would spool a large one to a temporary file it never closes.
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def count_entries() -> int:
    return db.session.scalar(select(func.count()).select_from(ExternalEntry))


def test_a_learner_adds_an_entry_with_a_file_and_sees_it_in_the_record(app):
    _, client = learner_client(app)
    response = post_entry(client, file=(io.BytesIO(PNG), "certificate.png"))
    assert response.status_code == 302
    html = client.get("/my/record").get_data(as_text=True)
    words = text_of(html)
    assert "Learning elsewhere · Recorded by you Robotics summer school" in words
    assert "Provider Maynooth University" in words and "When 3 July 2017 – 7 July 2017" in words and "Hours 30" in words
    assert "<strong>line follower</strong>" in html and "<script>alert(1)" not in html  # Markdown, sanitised
    entry = db.session.scalars(select(ExternalEntry)).one()
    download = client.get(f"/my/record/entries/{entry.id}/file")
    assert download.status_code == 200 and download.data == PNG and download.mimetype == "image/png"
    assert "certificate.png" in download.headers["Content-Disposition"]
    download.close()


def test_the_same_form_sent_twice_adds_one_entry(app):
    _, client = learner_client(app)
    html = client.get("/my/record/entries/new").get_data(as_text=True)
    token = __import__("re").search(r'name="form_token"[^>]*value="([^"]+)"', html).group(1)
    for _ in range(2):
        data = {**FORM, "form_token": token, "csrf_token": csrf_from(html)}
        assert client.post("/my/record/entries/new", data=data).status_code == 302
    assert count_entries() == 1


def test_bad_dates_huge_fields_and_nul_get_clear_messages_and_keep_what_was_typed(app):
    _, client = learner_client(app)
    cases = [({"started_on": "2017-02-30"}, "Enter a date such as 2026-09-25."),
             ({"started_on": "next week"}, "Enter a date such as 2026-09-25."),
             ({"started_on": "2099-01-01"}, "Enter a date between 1950-01-01 and today."),
             ({"ended_on": "2017-07-01"}, "The end cannot come before the start."),
             ({"hours": "lots"}, "Enter the hours as a number, such as 2 or 1.5."),
             ({"hours": "0"}, "Enter a number of hours above 0 and at most 10000."),
             ({"title": "x" * 301}, "Keep this under 300 characters."),
             ({"note": "y" * 20_001}, "Keep this under 20000 characters."),
             ({"provider": "Nul\x00University"}, "invisible"),
             ({"title": ""}, "Enter what you learned or attended.")]
    for data, message in cases:
        response = post_entry(client, data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert message in html, (data, message)
        assert 'value="Maynooth University"' in html or "provider" in data  # what was typed stays
    assert count_entries() == 0


def test_a_file_too_big_or_of_the_wrong_kind_is_refused_and_the_entry_not_added(app):
    _, client = learner_client(app)
    app.config["MAX_ATTACHMENT_BYTES"] = 1024 * 1024
    response = post_entry(client, file=(io.BytesIO(PNG + b"\0" * 1024 * 1024), "big.png"))
    assert response.status_code == 422 and "The attachment is larger than 1 MB." in response.get_data(as_text=True)
    response = post_entry(client, file=(io.BytesIO(b"MZ\x90\x00 not a document"), "run-me.exe"))
    assert response.status_code == 422 and "Attach a PDF, an image" in response.get_data(as_text=True)
    assert 'value="Robotics summer school"' in response.get_data(as_text=True)
    assert count_entries() == 0


def test_a_learner_edits_and_deletes_their_entry_and_its_file_goes_with_it(app, tmp_path):
    _, client = learner_client(app)
    post_entry(client, file=(io.BytesIO(PNG), "certificate.png"))
    entry = db.session.scalars(select(ExternalEntry)).one()
    stored = tmp_path / "uploads" / "record" / entry.file_key
    assert stored.read_bytes() == PNG
    edit = f"/my/record/entries/{entry.id}/edit"
    assert 'value="2017-07-03"' in client.get(edit).get_data(as_text=True)
    response = post_entry(client, edit, data={"title": "Robotics summer school (week 2)", "hours": "12.5",
                                              "remove_file": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    entry = db.session.get(ExternalEntry, entry.id)
    assert entry.title == "Robotics summer school (week 2)" and entry.hours == 12.5 and entry.file_key is None
    assert not stored.exists()
    html = client.get(f"/my/record/entries/{entry.id}/delete").get_data(as_text=True)
    assert "This cannot be undone." in html
    assert client.post(f"/my/record/entries/{entry.id}/delete", data={"csrf_token": csrf_from(html)}).status_code == 302
    assert count_entries() == 0


def test_another_persons_entry_and_file_are_not_found(app):
    _, owner = learner_client(app)
    post_entry(owner, file=(io.BytesIO(PNG), "certificate.png"))
    entry_id = db.session.scalar(select(ExternalEntry.id))
    _, stranger = learner_client(app, name="Other")
    for url in (f"/my/record/entries/{entry_id}/file", f"/my/record/entries/{entry_id}/edit",
                f"/my/record/entries/{entry_id}/delete", "/my/record/entries/99999/file",
                "/my/record/entries/99999999999/edit"):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"/my/record/entries/{entry_id}/delete", data={}).status_code in (400, 404)
    assert count_entries() == 1
