"""Many first submissions of the same work at once (tabs, double clicks, a flaky network):
every request answers as the one that got there first, one submission is kept, whole (its
text and file from the same request), and no file is left behind."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from sqlalchemy import event, func, select, text

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.peer_review.models import Submission
from tests.conftest import NOW, csrf_from, meeting_at
from tests.factories import make_learner_client

ASSIGNMENT = "/courses/peer/modules/plan/assignments/plan"
SENDERS = 50


def test_simultaneous_first_submissions_all_get_the_winners_redirect_and_leave_one_submission(app, peer_course):
    _, first = make_learner_client(app, "peer", now=NOW)
    token = csrf_from(first.get(ASSIGNMENT).get_data(as_text=True))
    session_cookie = first.get_cookie("session").value
    clients = [first] + [app.test_client() for _ in range(SENDERS - 1)]
    for client in clients[1:]:
        client.set_cookie("session", session_cookie)  # the same learner in fifty tabs
    start = threading.Barrier(SENDERS)
    answers: list[tuple[int, str | None, str]] = []
    errors: list[BaseException] = []

    def send(client) -> None:
        try:
            start.wait()
            response = client.post(ASSIGNMENT, data={"text": "My plan for the school has clear goals.", "csrf_token": token})
            answers.append((response.status_code, response.headers.get("Location"), response.get_data(as_text=True)))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    refused = [body for status, _, body in answers if status != 302]
    assert refused == [], refused[0][:2000] if refused else ""
    assert {location for _, location, _ in answers} == {ASSIGNMENT}
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def both_requests_meet_at_the_insert():
    """Hold each request at its INSERT of the submission until the other is there too: both
    have read "nothing submitted yet", so one inserts and the other is its twin, every time."""
    return meeting_at("INSERT INTO SUBMISSIONS")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\0" * 32


def test_twin_first_submissions_with_different_files_keep_one_whole_submission_and_no_stray_file(app, peer_course):
    _, first = make_learner_client(app, "peer", now=NOW)
    token = csrf_from(first.get(ASSIGNMENT).get_data(as_text=True))
    second = app.test_client()
    second.set_cookie("session", first.get_cookie("session").value)  # the same learner in a second tab
    sent = {"plan.pdf": ("My plan in a PDF has clear goals.", PDF), "plan.png": ("My plan as a picture has clear goals.", PNG)}
    answers: list[int] = []

    def send(client, name: str) -> None:
        words, data = sent[name]
        answers.append(client.post(ASSIGNMENT, data={"text": words, "attachment": (io.BytesIO(data), name), "csrf_token": token},
                                   content_type="multipart/form-data").status_code)

    with both_requests_meet_at_the_insert():
        threads = [threading.Thread(target=send, args=pair) for pair in ((first, "plan.pdf"), (second, "plan.png"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert answers == [302, 302]
    [kept] = db.session.scalars(select(Submission)).all()
    words, data = sent[kept.attachment_name]
    assert kept.text == words  # text and file from the same request
    assert sorted(path.name for path in Path(app.config["UPLOAD_DIR"]).iterdir()) == [kept.attachment_key]
    download = first.get(f"/submissions/{kept.id}/attachment")
    assert download.data == data
    download.close()


def test_a_first_submission_failing_for_another_reason_is_not_blamed_on_a_reviewer(app, peer_course):
    """The enrolment is removed (flask enrolments remove) between reading the page and saving:
    the insert fails on another constraint than the twin's, and no twin exists. The learner
    gets the error page, not "A peer has started reviewing your work"."""
    learner, client = make_learner_client(app, "peer", now=NOW)
    token = csrf_from(client.get(ASSIGNMENT).get_data(as_text=True))
    enrolment_id = db.session.scalar(select(Enrolment.id).where(Enrolment.user_id == learner.id))

    removed: list[int] = []

    def remove_enrolment(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO SUBMISSIONS") and not removed:
            removed.append(enrolment_id)
            with db.engine.begin() as other:
                for table, column in (("unit_progress", "enrolment_id"), ("module_progress", "enrolment_id"), ("enrolments", "id")):
                    other.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": enrolment_id})

    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production
    event.listen(db.engine, "before_cursor_execute", remove_enrolment)
    try:
        response = client.post(ASSIGNMENT, data={"text": "My plan for the school has clear goals.", "csrf_token": token})
    finally:
        event.remove(db.engine, "before_cursor_execute", remove_enrolment)
    assert removed
    assert response.status_code == 500
    assert "A peer has started reviewing your work" not in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0
