"""Runs: several per course, enrolment periods, self-paced target dates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from lms.core.errors import EnrolmentClosed
from lms.core.extensions import db
from lms.courses.models import Course, Run
from lms.learning.services.enrolment import enrol
from lms.learning.services.dashboard import list_my_courses
from tests.conftest import NOW
from tests.factories import make_user, run_of


def add_run(course_slug: str, **values) -> Run:
    course = db.session.query(Course).filter_by(slug=course_slug).one()
    template = run_of(course_slug)
    run = Run(course_id=course.id, slug=values.pop("slug", "spring-2018"), title=values.pop("title", "Spring 2018"),
              timezone=template.timezone, release_mode=template.release_mode, release_initial=template.release_initial,
              release_batch=template.release_batch, release_every_days=template.release_every_days, **values)
    db.session.add(run)
    db.session.commit()
    return run


def test_enrolment_is_refused_outside_the_runs_enrolment_period(courses):
    run = add_run(
        "stem-careers",
        starts_at=datetime(2018, 3, 5, 8, 0, tzinfo=timezone.utc), ends_at=datetime(2018, 5, 4, 8, 0, tzinfo=timezone.utc),
        enrolment_opens_at=datetime(2018, 1, 15, 8, 0, tzinfo=timezone.utc),
        enrolment_closes_at=datetime(2018, 3, 19, 8, 0, tzinfo=timezone.utc),
    )
    user = make_user(now=NOW)
    with pytest.raises(EnrolmentClosed):
        enrol(user, run.id, course_slug="stem-careers", now=NOW)  # October 2017: too early
    with pytest.raises(EnrolmentClosed):
        enrol(user, run.id, course_slug="stem-careers", now=datetime(2018, 3, 20, tzinfo=timezone.utc))
    assert enrol(user, run.id, course_slug="stem-careers", now=datetime(2018, 2, 1, tzinfo=timezone.utc)).run_id == run.id


def test_two_runs_of_a_course_keep_their_own_dates(courses):
    spring = add_run("stem-careers", starts_at=datetime(2018, 3, 5, 8, 0, tzinfo=timezone.utc),
                     ends_at=datetime(2018, 5, 4, 8, 0, tzinfo=timezone.utc))
    user = make_user(now=NOW)
    enrol(user, spring.id, course_slug="stem-careers", now=NOW)
    db.session.commit()
    (progress,) = list_my_courses(user, now=NOW)
    assert progress.place.run.slug == "spring-2018"
    assert progress.place.modules[0].opens_at == datetime(2018, 3, 5, 8, 0, tzinfo=timezone.utc)
    assert not any(state.is_open for state in progress.place.modules)


def test_self_paced_learner_gets_target_dates_from_their_enrolment_when_the_run_has_a_pace(courses):
    run = run_of("stem-outreach-libraries")
    run.pace_days = 7
    db.session.commit()
    joined = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)
    user = make_user(now=joined)
    enrol(user, run.id, course_slug="stem-outreach-libraries", now=joined)
    db.session.commit()
    (progress,) = list_my_courses(user, now=joined)
    assert [s.target_at for s in progress.place.modules] == [joined + timedelta(days=7 * n) for n in range(1, 5)]
    assert all(s.is_open for s in progress.place.modules)
