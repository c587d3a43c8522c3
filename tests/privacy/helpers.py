"""Builders for privacy tests: a learner with something of every kind, and the jobs run as the scheduler runs them."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from lms.activities import services as activities
from lms.core.extensions import db
from lms.privacy import jobs
from tests.conftest import NOW
from tests.discussions.builders import reply, start_thread
from tests.factories import make_awarded_badge, make_learner

EMAIL = "ada.lovelace@example.org"
NAME = "Ada Lovelace"
REFLECTION = "I learned that my school can invite engineers."


def busy_learner(client=None, *, email: str = EMAIL, name: str = NAME):
    """A learner of the practice course with a quiz attempt, a reflection, a badge (so a
    notification) and a discussion thread answered by someone else."""
    user = make_learner("practice", now=NOW, email=email, name=name, client=client)
    activities.submit_quiz(user, "practice", "basics", "check", answers=[[0], [0, 1]], attempt_number=1, now=NOW)
    activities.submit_reflection(user, "practice", "basics", "think", text=REFLECTION, now=NOW)
    db.session.commit()
    make_awarded_badge(user, "practice", now=NOW)
    other = make_learner("practice", now=NOW, email="grace.hopper@example.org", name="Grace Hopper")
    posted = start_thread(user, title="Inviting engineers", text="Who has done it?", course_slug="practice")
    reply(other, posted.thread.id, text="Grace here: we did, it went well.")
    return user, other


def run_exports(now: datetime = NOW) -> int:
    return jobs.build_exports(now)


def run_erasures(now: datetime = NOW) -> int:
    return jobs.erase_accounts(now)


def zip_contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def records(contents: dict[str, bytes], name: str) -> list:
    return json.loads(contents[name])
