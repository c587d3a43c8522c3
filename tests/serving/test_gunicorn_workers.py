"""The review queue and awarding hold under several gunicorn workers, over real HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.learning.models import UnitProgress
from lms.peer_review.models import Review
from tests.conftest import NOW, ROOT
from tests.factories import PASSWORD, make_enrolment, make_user
from tests.peer_helpers import learner, submit

pytestmark = pytest.mark.slow  # gunicorn with several workers

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def gunicorn(app):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LMS_DATABASE_URL": app.config["DATABASE_URL"], "LMS_SECRET_KEY": "test", "LMS_BASE_URL": base,
           "LMS_FIXED_NOW": "2017-10-03T10:00:00+00:00", "LMS_CONTENT_DIR": app.config["CONTENT_DIR"],
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "3", "GUNICORN_ACCESS_LOG": "/dev/null"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/", timeout=10).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.3)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def logged_in(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = CSRF.search(session.get(base + "/login").text).group(1)
    response = session.post(base + "/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                            allow_redirects=False)
    assert response.status_code == 302, response.text[:500]
    return session


def test_claims_from_several_workers_at_once_never_pile_on_one_submission(app, peer_course, gunicorn):
    people = [learner(NOW, name=f"Learner {i}") for i in range(8)]
    for person in people:
        submit(person, NOW)
    sessions = [logged_in(gunicorn, person.email) for person in people]
    page = "/courses/peer/modules/plan/assignments/plan"
    tokens = [CSRF.search(session.get(gunicorn + page).text).group(1) for session in sessions]

    def claim(index: int) -> int:
        return sessions[index].post(gunicorn + page + "/claim", data={"csrf_token": tokens[index]},
                                    allow_redirects=False).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(claim, range(8))) == {302}
    db.session.expire_all()
    per_submission = Counter(review.submission_id for review in db.session.scalars(select(Review)))
    assert sum(per_submission.values()) == 8
    assert max(per_submission.values()) <= 2 and len(per_submission) >= 7


def test_a_completion_clicked_in_several_workers_at_once_awards_one_badge(app, practice, gunicorn):
    from tests.web.test_activities import RIGHT

    user = make_user(email="ada@school.example", now=NOW)
    make_enrolment(user, "practice", now=NOW)
    session = logged_in(gunicorn, user.email)
    base = gunicorn + "/courses/practice/modules/basics/"
    token = CSRF.search(session.get(base + "activities/check").text).group(1)
    session.post(base + "activities/check", data={"csrf_token": token, "attempt": 1, **RIGHT})
    session.post(base + "activities/think", data={"csrf_token": token, "text": "Five words or more here, surely."})
    clicks = [logged_in(gunicorn, user.email) for _ in range(6)]  # six tabs, one button

    def done(index: int) -> int:
        tab = clicks[index]
        tab_token = CSRF.search(tab.get(base + "the-only-page").text).group(1)
        return tab.post(base + "the-only-page/done", data={"csrf_token": tab_token}, allow_redirects=False).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(done, range(6))) == {302}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(UnitProgress)) == 1
    assert db.session.scalar(select(func.count()).select_from(Assertion)) == 1
