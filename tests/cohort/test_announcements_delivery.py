"""An announcement goes through the notification ledger exactly once per learner: two clicks on
Send at the same instant, two job runs at the same instant, two scheduler processes started
together each leave one ledger row and one e-mail per learner. E-mail follows each learner's
choices and is written in their language, through a real SMTP server on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta

from sqlalchemy import func, select

from lms.cohort.jobs import send_due_announcements
from lms.cohort.models import Announcement
from lms.core.extensions import db
from lms.notifications.jobs import deliver_email
from lms.notifications.models import Notification
from tests.cohort.test_announcements import ledger, press, written
from tests.conftest import NOW, ROOT, csrf_from, meeting_at
from tests.factories import make_learner, make_tutor_client
from tests.service.test_email_delivery import bodies


def both_meet_at_the_claim(parties: int = 2):
    """Hold each sender at its claim (the conditional UPDATE of the announcement) until the other is
    there too: both have seen it unsent, so the race is real every time."""
    return meeting_at("UPDATE ANNOUNCEMENTS SET SENT_AT", parties)


def run_together(*jobs) -> list:
    results, errors = [None] * len(jobs), []

    def run(index: int, job) -> None:
        try:
            results[index] = job()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def learners(count: int) -> list:
    return [make_learner("practice", now=NOW, name=f"Learner {number}") for number in range(count)]


def test_two_clicks_on_send_at_the_same_instant_record_one_ledger_row_per_learner(app, practice):
    people = learners(4)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    preview = written(tutor)
    token = csrf_from(tutor.get(preview).get_data(as_text=True))
    second = app.test_client()
    second.set_cookie("session", tutor.get_cookie("session").value)  # the same tutor, a second tab

    with both_meet_at_the_claim():
        answers = run_together(*(lambda client=client: client.post(preview + "/send", data={"csrf_token": token})
                                 for client in (tutor, second)))
    assert [answer.status_code for answer in answers] == [302, 302]
    assert sorted(user_id for user_id, _ in ledger()) == sorted(person.id for person in people)
    db.session.expire_all()
    assert db.session.scalar(select(Announcement.recipients)) == 4
    said = [" ".join(client.get(preview).get_data(as_text=True).split()) for client in (tutor, second)]
    assert sum("Sent to 4 learners." in page for page in said) == 1  # the winner
    assert sum("it was not sent again." in page for page in said) == 1  # its twin


def test_two_job_runs_at_the_same_instant_send_a_scheduled_announcement_once(app, practice):
    people = learners(5)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    preview = written(tutor)
    press(tutor, preview, "schedule", {"send_at": "2017-10-03T13:00"})  # 11:00 UTC
    due = NOW + timedelta(hours=1)

    def job() -> int:
        with app.app_context():
            return send_due_announcements(due)

    with both_meet_at_the_claim():
        reached = run_together(job, job)
    assert sorted(reached) == [0, 5]  # one sender won; the other found it sent
    assert sorted(user_id for user_id, _ in ledger()) == sorted(person.id for person in people)
    assert send_due_announcements(due + timedelta(minutes=1)) == 0


def test_two_scheduler_processes_started_at_once_send_each_learner_one_email(app, practice, smtp):
    """Two `flask scheduler once` processes, at the scheduled time, race on the same database and
    SMTP server: one ledger row and one e-mail per learner."""
    people = learners(3)
    _, tutor = make_tutor_client(app, "practice", now=NOW)
    preview = written(tutor, subject="Bring your plan")
    press(tutor, preview, "schedule", {"send_at": "2017-10-03T12:30"})  # 10:30 UTC
    env = {**os.environ, "FLASK_APP": "wsgi", "LMS_DATABASE_URL": app.config["DATABASE_URL"],
           "LMS_FIXED_NOW": "2017-10-03T10:30:00+00:00", "LMS_MAIL_TRANSPORT": "smtp",
           "LMS_MAIL_PORT": str(app.config["MAIL_PORT"]), "LMS_SECRET_KEY": "test"}
    command = [sys.executable, "-m", "flask", "scheduler", "once"]
    processes = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()

    assert sorted(user_id for user_id, _ in ledger()) == sorted(person.id for person in people)
    announced = sorted(message["To"] for message in smtp.messages if message["Subject"] == "Bring your plan")
    assert announced == sorted(person.email for person in people)


def test_email_follows_each_learners_choices_and_is_written_in_their_language(app, practice, smtp):
    french = make_learner("practice", now=NOW, name="Amélie Poulain", timezone="Europe/Paris")
    quiet = make_learner("practice", now=NOW, name="Quentin Quiet")
    english = make_learner("practice", now=NOW, name="Ada Lovelace", timezone="America/New_York")
    french.language = "fr"
    quiet.email_muted = ["announcement"]  # chose not to get announcements by e-mail
    db.session.commit()
    _, tutor = make_tutor_client(app, "practice", now=NOW, name="Tess Tutor")
    body = "Bring **your plan** to the Monday session.\n\n<script>alert(1)</script>\n\n![x](https://tracker.example/p.png)"
    press(tutor, written(tutor, subject="Monday session", body=body), "send")

    assert deliver_email(NOW) == 2
    received = {message["To"]: message for message in smtp.messages}
    assert set(received) == {french.email, english.email}
    for person in (french, english):
        message = received[person.email]
        assert message["Subject"] == "Monday session"
        text, html = bodies(message)
        assert "Bring **your plan** to the Monday session." in text
        assert '<div lang="en"><p>Bring <strong>your plan</strong> to the Monday session.</p>' in html
        assert "<script" not in html and "tracker.example" not in html and "alert" not in html
        assert "http://localhost/courses/practice" in text
    assert received[french.email]["Content-Language"] == "fr"
    assert bodies(received[french.email])[0].startswith("Bonjour Amélie Poulain,\n\n")
    assert '<html lang="fr">' in bodies(received[french.email])[1]
    english_text = bodies(received[english.email])[0]
    assert english_text.startswith("Hello Ada Lovelace,\n\nTess Tutor, your tutor in Practice Course, writes:\n\n")
    # Muted by e-mail, still in the app: the quiet learner's row is there, marked skipped.
    assert db.session.scalar(select(Notification.email_status).where(Notification.user_id == quiet.id)) == "skipped"
    assert db.session.scalar(select(func.count()).select_from(Notification).where(Notification.email_status == "sent")) == 2
    assert deliver_email(NOW + timedelta(minutes=5)) == 0  # nothing goes twice
