"""An announcement's words are stored once, however many learners it reaches: each learner's ledger
row names them by id and keeps only what lists show. The course page, the dashboard and the e-mail
read them through that id; rows written before (with the words inline) still show."""

from __future__ import annotations

import json

from sqlalchemy import event, func, select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.notifications.jobs import deliver_email
from lms.notifications.models import Notification, NotificationText
from lms.notifications.services import notify_users
from tests.cohort.test_announcements import press, written
from tests.conftest import NOW
from tests.factories import log_in, make_learner, make_tutor_client
from tests.service.test_email_delivery import bodies


def test_the_words_are_stored_once_and_each_learners_row_stays_small(app, practice, smtp):
    people = [make_learner("practice", now=NOW, name=f"Learner {number}") for number in range(3)]
    _, tutor = make_tutor_client(app, "practice", now=NOW, name="Tess Tutor")
    body = "Long *news*. " + "x" * 9_900
    press(tutor, written(tutor, subject="Big news", body=body), "send")

    texts = db.session.scalars(select(NotificationText)).all()
    assert [(text.subject, text.text, text.language) for text in texts] == [("Big news", body, "en")]
    assert texts[0].html.startswith("<p>Long <em>news</em>. xxx")
    payloads = db.session.scalars(select(Notification.payload).where(Notification.kind == "announcement")).all()
    assert len(payloads) == 3
    for payload in payloads:
        assert payload["text_id"] == texts[0].id and payload["subject"] == "Big news"
        assert "html" not in payload and "text" not in payload and len(json.dumps(payload)) < 400

    client = app.test_client()
    log_in(client, people[0].email)
    assert "Long <em>news</em>." in client.get("/courses/practice").get_data(as_text=True)
    assert "Long <em>news</em>." in client.get("/dashboard").get_data(as_text=True)
    assert deliver_email(NOW) == 3
    text, html = bodies(smtp.messages[0])
    assert "Long *news*. xxx" in text and '<div lang="en"><p>Long <em>news</em>. xxx' in html


def test_announcements_recorded_before_with_their_words_inline_still_show(app, practice, smtp):
    ada = make_learner("practice", now=NOW, name="Ada Lovelace")
    run_id = db.session.scalar(select(Enrolment.run_id).where(Enrolment.user_id == ada.id))
    payload = {"course": "practice", "course_title": "Practice Course", "course_language": "en", "run": "open",
               "run_id": run_id, "announcement": 1, "author": "Tess Tutor", "subject": "Old news",
               "html": "<p>Written <strong>before</strong>.</p>", "text": "Written **before**.", "language": "en"}
    db.session.add(Notification(user_id=ada.id, kind="announcement", key=f"announcement:{run_id}:1", payload=payload,
                                created_at=NOW, email_status="pending", email_attempts=0, email_next_attempt_at=NOW))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(NotificationText)) == 0

    client = app.test_client()
    log_in(client, ada.email)
    assert "Written <strong>before</strong>." in client.get("/courses/practice").get_data(as_text=True)
    assert "Written <strong>before</strong>." in client.get("/dashboard").get_data(as_text=True)
    assert deliver_email(NOW) == 1
    text, html = bodies(smtp.messages[0])
    assert "Written **before**." in text and "<p>Written <strong>before</strong>.</p>" in html


def test_the_recipients_are_counted_by_the_insert_itself_duplicates_left_out(app, practice):
    """``notify_users`` reports how many rows were new without reading their ids back."""
    people = [make_learner("practice", now=NOW, name=f"Learner {number}") for number in range(4)]
    ids = [person.id for person in people]
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        first = notify_users(select(User.id).where(User.id.in_(ids[:3])), kind="announcement", key="announcement:0:1",
                             payload={"subject": "x"}, now=NOW)
        again = notify_users(select(User.id).where(User.id.in_(ids)), kind="announcement", key="announcement:0:1",
                             payload={"subject": "x"}, now=NOW)
        none = notify_users(select(User.id).where(User.id < 0), kind="announcement", key="announcement:0:1",
                            payload={"subject": "x"}, now=NOW)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert (first, again, none) == (3, 1, 0)
    inserts = [statement for statement in seen if statement.lstrip().upper().startswith("INSERT INTO NOTIFICATIONS")]
    assert len(inserts) == 3 and not any("RETURNING" in statement.upper() for statement in inserts)
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 4
