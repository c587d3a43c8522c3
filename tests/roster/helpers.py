"""Builders for the roster's tests: the enrolments pages' addresses, uploading a file as a
browser does, sending the invitations, a second run of a course."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from lms.core.extensions import db
from lms.courses.models import Course
from lms.courses.services.runs import ensure_run
from lms.roster.jobs import send_invitations
from tests.conftest import csrf_from

LINK = re.compile(r"http://localhost/invitations/[A-Za-z0-9_-]+")


def enrolments_url(course: str = "stem-careers", run: str = "autumn-2017") -> str:
    return f"/tutor/courses/{course}/runs/{run}/enrolments"


def learner_url(user_id: int, course: str = "stem-careers", run: str = "autumn-2017") -> str:
    return f"{enrolments_url(course, run)}/{user_id}"


def upload(client, data: bytes | str, *, course: str = "stem-careers", run: str = "autumn-2017", name: str = "people.csv"):
    """Post a file from the enrolments page, with that page's CSRF token, as a browser does."""
    page = enrolments_url(course, run)
    token = csrf_from(client.get(page).get_data(as_text=True))
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # The body built in memory: the test client would spool a large one to a temporary file it never closes.
    boundary, body = encode_multipart({"csrf_token": token, "file": FileStorage(io.BytesIO(raw), name, content_type="text/csv")})
    return client.post(page + "/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def post_form(client, url: str, data: dict | None = None, *, page: str | None = None):
    token = csrf_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token})


def send(now: datetime) -> int:
    """What the scheduler's send-invitations job does on its next run."""
    return send_invitations(now)


def invitation_link(message) -> str:
    match = LINK.search(message.get_body(("plain",)).get_content())
    assert match, "no invitation link in the e-mail"
    return match.group(0).removeprefix("http://localhost")


def second_run(course_slug: str, slug: str = "spring-2018", *, starts: datetime, weeks: int = 10):
    """Another run of the course, as a course file with two runs would make it."""
    from sqlalchemy import select

    course = db.session.scalar(select(Course).where(Course.slug == course_slug))
    run = ensure_run(course, slug=slug, title=f"Run {slug}", timezone="Europe/Brussels", starts_at=starts,
                     ends_at=starts + timedelta(weeks=weeks))
    db.session.commit()
    return run
