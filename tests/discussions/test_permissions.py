"""Only the run's learners, the course's tutors and admins read or write a run's discussions. Every
route of the ``discussions`` blueprint (taken from the app's URL map, so a new route is tried too),
with the ids of a real thread and post of run A, each method it answers, tried by an anonymous
visitor (sent to log in, or Not found), an outsider, a learner of another run of the same course, a
learner who was unenrolled, and a tutor of another course: never a page (200), and nothing in the
database changes."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import url_for
from sqlalchemy import select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.learning.services.enrolment import enrol
from tests.conftest import NOW
from tests.discussions.builders import reply, second_run, start_thread
from tests.factories import log_in, make_course_tutor, make_learner, make_learner_client, make_user

WATCHED = ("discussion_", "moderation_actions", "notifications", "notification_texts", "module_progress")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def snapshot() -> dict[str, list]:
    """Every row of the tables discussions write to (or write through), as the database holds them."""
    db.session.expire_all()
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name.startswith(WATCHED):
            found[table.name] = [tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key.columns))]
    return found


def every_route(app, ids: dict) -> list[tuple[str, str]]:
    """(method, address) of each discussions route, its arguments filled with run A's real ids, and run A
    named (``?run=``) for the pages of a whole run, which otherwise show a visitor their own run."""
    tried = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("discussions."):
                continue
            values = {name: ids.get(name, ids["post_id"]) for name in rule.arguments}
            address = url_for(rule.endpoint, run="autumn-2017", **values)  # run A, named where a route takes ?run=
            tried += [(method, address) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return tried


@pytest.fixture
def run_a(app, courses):
    """A thread of run A (autumn-2017) with a reply, written by two of its learners."""
    ada = make_learner(now=NOW, name="Ada Autumn")
    ben = make_learner(now=NOW, name="Ben Autumn")
    posted = start_thread(ada, title="Run A only", text="Words for run A.", forum="introduction")
    answer = reply(ben, posted.thread.id, "An answer in run A.")
    return {"course_slug": "stem-careers", "forum": "introduction", "thread_id": posted.thread.id, "post_id": answer.post.id}


def _strangers(app) -> dict:
    make_user(email="outsider@example.org", name="Otto Outsider", now=NOW)
    spring = make_user(email="spring@example.org", name="Sara Spring", now=NOW)
    enrol(spring, second_run().id, course_slug="stem-careers", now=NOW, by_tutor=True)
    gone = make_learner(now=NOW, email="gone@example.org", name="Gina Gone")
    db.session.scalar(select(Enrolment).where(Enrolment.user_id == gone.id)).unenrolled_at = NOW
    make_course_tutor("stem-outreach-libraries", now=NOW, email="other-tutor@example.org", name="Tom Other")
    db.session.commit()
    clients = {"anonymous": app.test_client()}
    for name, email in (("outsider", "outsider@example.org"), ("learner of another run", "spring@example.org"),
                        ("unenrolled learner", "gone@example.org"), ("tutor of another course", "other-tutor@example.org")):
        clients[name] = app.test_client()
        log_in(clients[name], email)
    return clients


def _form(client, ids: dict) -> dict:
    """What a form would carry, with a valid CSRF token of this visitor's own session: the refusal
    must come from the route's own check, not from a stale form."""
    match = CSRF.search(client.get("/account").get_data(as_text=True)) or CSRF.search(client.get("/login").get_data(as_text=True))
    return {"csrf_token": match.group(1), "title": "Intruding", "body": "Intruding words", "text": "Intruding",
            "token": uuid.uuid4().hex, "reason": "spam", "note": "Intruding", "follow": "1", "helpful": "1", "pinned": "1",
            "locked": "1", "endorsed": "1", "quoted_post_id": str(ids["post_id"]), "q": "run"}


def test_no_route_answers_or_changes_anything_for_those_outside_run_a(app, run_a):
    clients = _strangers(app)
    routes = every_route(app, run_a)
    assert {address.split("?")[0].rsplit("/", 1)[-1] for _, address in routes} >= {"reply", "edit", "delete", "history", "new"}
    before = snapshot()
    for who, client in clients.items():
        data = _form(client, run_a)
        for method, address in routes:
            response = client.open(address, method=method, data=data if method == "POST" else None)
            if who == "anonymous":
                assert response.status_code in (302, 400, 404), (who, method, address, response.status_code)
                if response.status_code == 302:
                    assert "/login" in response.location, (who, method, address)
            else:
                assert response.status_code == 404, (who, method, address, response.status_code)
            body = response.get_data(as_text=True)
            assert "Words for run A." not in body and "Run A only" not in body, (who, method, address)
    assert snapshot() == before


def test_run_a_s_learner_and_the_course_tutor_do_read_it(app, run_a):
    """The other side of the rule, so the test above cannot pass by refusing everyone."""
    _, learner = make_learner_client(app, now=NOW)
    tutor = app.test_client()
    make_course_tutor("stem-careers", now=NOW, client=tutor)
    for client in (learner, tutor):
        page = client.get(f"/courses/stem-careers/discussions/threads/{run_a['thread_id']}").get_data(as_text=True)
        assert "Words for run A." in page


def test_a_thread_addressed_under_another_course_is_not_found(app, run_a):
    _, learner = make_learner_client(app, now=NOW)
    assert learner.get(f"/courses/stem-metiers/discussions/threads/{run_a['thread_id']}").status_code == 404
    assert learner.get(f"/courses/stem-metiers/discussions/posts/{run_a['post_id']}/history").status_code == 404
