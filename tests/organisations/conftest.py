"""Organisations' fixtures: the small test award scheme synced, and builders for organisations,
members who share (or not) their completions, completions of courses and programmes, assessors."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.models import Run
from lms.learning.models import CourseCompletion, Enrolment
from lms.organisations import services
from lms.organisations.models import Membership
from lms.programmes.models import Programme, ProgrammeEnrolment
from tests.conftest import NOW, ROOT
from tests.factories import log_in, make_user, run_of

FIXTURES = ROOT / "tests" / "fixtures" / "award-schemes"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_numbers = count(1)


@pytest.fixture
def scheme(app, courses):
    """The test award scheme (bronze: 2 staff; silver: 3 staff) synced; awards' images from its content folder."""
    app.config["CONTENT_DIR"] = str(FIXTURES / "content")
    slugs = {course.slug for course in courses.courses}
    services.sync_files(FIXTURES / "courses", slugs, NOW, content_dir=FIXTURES / "content")
    db.session.commit()
    return services.get_scheme("test-award")[1]


def make_organisation(coordinator=None, *, name: str = "St Brigid's School", kind: str = "school"):
    coordinator = coordinator or make_user(name="Cora Coordinator", now=NOW)
    organisation = services.create_organisation(coordinator, services.Details(
        name, kind, "IE", "Dublin", f"https://school{next(_numbers)}.example.ie"), now=NOW)
    db.session.commit()
    return organisation, coordinator


def add_member(organisation, *, share: bool = True, name: str = "Sam Staff", user=None):
    """A member approved by a coordinator, sharing completions or not."""
    user = user or make_user(name=name, now=NOW)
    membership = services.request_to_join(user, organisation.id, now=NOW)
    coordinator = db.session.get(User, db.session.scalar(select(Membership.user_id).where(
        Membership.organisation_id == organisation.id, Membership.role == "coordinator")))
    services.decide_request(coordinator, organisation.id, membership.id, approve=True, now=NOW)
    if share:
        services.set_sharing(user, organisation.id, share=True, now=NOW)
    db.session.commit()
    return user


def complete_course(user, course_slug: str = "stem-careers", *, run: Run | None = None) -> Enrolment:
    """A completion of the course by ``user`` (in ``run``, or the course's first)."""
    run = run or run_of(course_slug)
    enrolment = Enrolment(user_id=user.id, run_id=run.id, enrolled_at=NOW)
    db.session.add(enrolment)
    db.session.flush()
    db.session.add(CourseCompletion(enrolment_id=enrolment.id, completed_at=NOW))
    db.session.commit()
    return enrolment


def second_run(course_slug: str = "stem-careers") -> Run:
    first = run_of(course_slug)
    run = Run(course_id=first.course_id, slug=f"{first.slug}-again", title=f"{first.title} (again)", timezone=first.timezone,
              starts_at=first.starts_at + timedelta(days=365), release_mode=first.release_mode)
    db.session.add(run)
    db.session.commit()
    return run


def complete_programme(user, slug: str = "test-programme", *, completed: bool = True, title: str = "Test Programme") -> None:
    programme = db.session.scalar(select(Programme).where(Programme.slug == slug))
    if programme is None:
        programme = Programme(slug=slug, title=title, spec={}, synced_at=NOW)
        db.session.add(programme)
        db.session.flush()
    db.session.add(ProgrammeEnrolment(programme_id=programme.id, user_id=user.id, enrolled_at=NOW,
                                      completed_at=NOW if completed else None))
    db.session.commit()


def make_assessor(*, name: str = "Asha Assessor"):
    user = make_user(name=name, now=NOW)
    services.add_assessor(user.email, actor_id=None, now=NOW)
    db.session.commit()
    return user


def client_for(app, user):
    client = app.test_client()
    log_in(client, user.email)
    return client


def ready_application(organisation, coordinator, *, level: str = "bronze", staff: int = 2):
    """A draft application whose criteria are met and whose evidence is written."""
    for number in range(staff):
        complete_course(add_member(organisation, name=f"Staff {number}"))
    application = services.start_application(coordinator, organisation.id, "test-award", level, now=NOW)
    db.session.commit()
    for slug in ("plan", "activities"):
        services.save_evidence(coordinator, organisation.id, application.id, slug, text=f"Our {slug}.", upload=None,
                               upload_dir=ROOT / "instance-unused", max_bytes=1024, now=NOW)
    db.session.commit()
    return application
