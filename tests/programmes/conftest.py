"""Programmes' fixtures: the test programme (over the sample courses) synced, and builders for
learners on it, course completions in any run, a second run of a course, a tutor."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.learning.models import CourseCompletion, Enrolment
from lms.programmes import services
from lms.programmes.models import ProgrammeEnrolment
from tests.conftest import NOW, ROOT
from tests.factories import log_in, make_course_tutor, make_user, run_of

FIXTURES = ROOT / "tests" / "fixtures" / "programmes"
SLUG = "test-programme"
_numbers = count(1)


@pytest.fixture
def programme(app, courses):
    """The test programme synced over the sample courses; badge artwork from the fixtures."""
    app.config["CONTENT_DIR"] = str(FIXTURES / "content")
    services.sync_files(FIXTURES / "courses", {course.slug for course in courses.courses}, NOW,
                        content_dir=FIXTURES / "content")
    db.session.commit()
    return services.get_programme(SLUG)[0]


def content_tree(tmp_path, *programme_files, badges=("test-programme",)):
    """A courses/ and content/ pair in ``tmp_path``: the practice course, these programme files, badges."""
    courses, content = tmp_path / "courses", tmp_path / "content"
    (courses / "programmes").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "courses" / "practice.toml", courses)
    shutil.copytree(ROOT / "tests" / "fixtures" / "content", content)
    for path in programme_files:
        shutil.copy(path, courses / "programmes" / path.name)
    for slug in badges:
        (content / "programmes" / slug).mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / "content" / "programmes" / "test-programme" / "badge.png", content / "programmes" / slug)
    return courses, content


def learner(name: str = "Lena Librarian"):
    return make_user(name=name, email=f"lena{next(_numbers)}@library.example", now=NOW)


def enrolled(user=None, *, now: datetime = NOW):
    """A learner enrolled in the test programme (and so in its required courses' next runs)."""
    user = user or learner()
    services.enrol(user, SLUG, now=now)
    db.session.commit()
    return user


def second_run(course_slug: str) -> Run:
    first = run_of(course_slug)
    run = Run(course_id=first.course_id, slug=f"{first.slug}-again", title=f"{first.title} (again)", timezone=first.timezone,
              starts_at=first.starts_at + timedelta(days=365), release_mode=first.release_mode)
    db.session.add(run)
    db.session.commit()
    return run


def complete(user, course_slug: str, *, run: Run | None = None, at: datetime = NOW) -> Enrolment:
    """The learner completes the course (in ``run``, else their run of it, else its first run);
    the completion hook runs as lms.completion runs it."""
    run = run or run_of(course_slug)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.run_id == run.id))
    if enrolment is None:
        enrolment = Enrolment(user_id=user.id, run_id=run.id, enrolled_at=at)
        db.session.add(enrolment)
        db.session.flush()
    db.session.add(CourseCompletion(enrolment_id=enrolment.id, completed_at=at))
    db.session.flush()
    services.after_course_completed(user.id, now=at)
    db.session.commit()
    return enrolment


def programme_enrolment(user) -> ProgrammeEnrolment:
    db.session.expire_all()
    return db.session.scalar(select(ProgrammeEnrolment).where(ProgrammeEnrolment.user_id == user.id))


def course_id(slug: str) -> int:
    return db.session.scalar(select(Course.id).where(Course.slug == slug))


def tutor(course_slug: str = "stem-careers"):
    return make_course_tutor(course_slug, now=NOW, email=f"tutor{next(_numbers)}@example.org")


def client_for(app, user):
    client = app.test_client()
    log_in(client, user.email)
    return client
