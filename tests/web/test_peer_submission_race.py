"""Many first submissions of the same work at once (tabs, double clicks, a flaky network):
every request answers as the one that got there first, and one submission is kept."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from lms.core.extensions import db
from lms.peer_review.models import Submission
from tests.conftest import NOW, csrf_from
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
