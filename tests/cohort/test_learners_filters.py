"""The learner filters a run's tutors use (and the exports and announcements reuse): a hand-built
cohort whose every learner's status is known, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from lms.accounts.models import User
from lms.activities import services as activities
from lms.cohort.services.access import taught_run
from lms.cohort.services.learners import LearnerFilter, count_learners, learner_ids
from lms.core.extensions import db
from lms.courses.models import Run
from lms.learning.models import Enrolment
from lms.learning.services import complete_unit
from tests.conftest import NOW
from tests.factories import make_course_tutor, make_enrolment, make_user

START = NOW - timedelta(days=8) + timedelta(hours=1)  # the practice run opened both modules on 25 September
LATER = NOW + timedelta(days=10)  # the day the tutor looks
DAY = timedelta(days=1)
RIGHT = [[0], [0, 1]]


def learner(name: str, *, enrolled, course: str = "practice"):
    user = make_user(name=name, email=f"{name.split()[0].lower()}@school.example", now=enrolled)
    make_enrolment(user, course, now=enrolled)
    return user


def read(user, at, module: str = "reading-only", unit: str = "first-page") -> None:
    complete_unit(user, "practice", module, unit, now=at)
    db.session.commit()


def complete_basics(user, at) -> None:
    read(user, at, "basics", "the-only-page")
    activities.submit_quiz(user, "practice", "basics", "check", answers=RIGHT, attempt_number=1, now=at)
    activities.submit_reflection(user, "practice", "basics", "think", text="I learned that STEM is broad.", now=at)
    db.session.commit()


def complete_course(user, at) -> None:
    complete_basics(user, at)
    read(user, at)
    read(user, at, unit="second-page")


def build_cohort() -> dict:
    """Six learners of the practice run as the tutor sees them on LATER (module 1 due: module 2 has opened)."""
    people = {
        "idle": learner("Ida Idle", enrolled=NOW - 20 * DAY),  # never did anything, enrolled long ago
        "stale": learner("Stan Stale", enrolled=NOW - 20 * DAY),  # read one page on the first day, then nothing
        "new": learner("Nina New", enrolled=LATER - DAY),  # just enrolled
        "behind": learner("Ben Behind", enrolled=NOW),  # reads, but has completed nothing
        "on_track": learner("Olga Ontrack", enrolled=NOW),  # completed the module due
        "finished": learner("Fay Finished", enrolled=NOW - 20 * DAY),  # completed the course, long ago
    }
    read(people["stale"], START)
    read(people["behind"], LATER - DAY)
    complete_basics(people["on_track"], LATER - 2 * DAY)
    complete_course(people["finished"], START)
    return people


@pytest.fixture
def cohort(app, practice):
    return build_cohort()


def names(taught, *, now=LATER, **filters) -> set[str]:
    """The names ``learner_ids`` selects, used as a subquery as the exports and announcements use it."""
    query = select(User.name).where(User.id.in_(learner_ids(taught, LearnerFilter(**filters), now=now)))
    return set(db.session.scalars(query))


@pytest.fixture
def taught(app, practice):
    return taught_run(make_course_tutor("practice", now=NOW), "practice", "open")


def test_each_filter_picks_exactly_its_learners(cohort, taught):
    assert names(taught) == {"Ida Idle", "Stan Stale", "Nina New", "Ben Behind", "Olga Ontrack", "Fay Finished"}
    assert names(taught, status="not_started") == {"Ida Idle", "Nina New"}
    assert names(taught, status="behind") == {"Ida Idle", "Stan Stale", "Nina New", "Ben Behind"}
    assert names(taught, status="inactive") == {"Ida Idle", "Stan Stale"}  # the finished learner has nothing left to do
    assert names(taught, status="completed") == {"Fay Finished"}
    assert count_learners(taught, LearnerFilter(status="behind"), now=LATER) == 4
    assert count_learners(taught, LearnerFilter(), now=LATER) == 6


def test_every_recorded_action_counts_as_activity(cohort, taught):
    """A quiz answered 20 days after the last page read: no longer inactive."""
    activities.submit_quiz(cohort["stale"], "practice", "basics", "check", answers=[[1], [2]], attempt_number=1, now=LATER - DAY)
    db.session.commit()
    assert names(taught, status="inactive") == {"Ida Idle"}


def test_learners_a_tutor_unenrolled_and_other_runs_learners_are_left_out(cohort, taught, courses):
    learner("Otto Other", enrolled=NOW, course="stem-careers")
    db.session.execute(update(Enrolment).where(Enrolment.user_id == cohort["idle"].id).values(unenrolled_at=NOW))
    db.session.commit()
    assert "Otto Other" not in names(taught) and "Ida Idle" not in names(taught)
    assert count_learners(taught, LearnerFilter(status="not_started"), now=LATER) == 1


def test_on_a_paced_run_each_learner_is_due_a_module_per_pace_from_their_enrolment(app, practice, taught):
    db.session.execute(update(Run).values(pace_days=7))
    db.session.commit()
    learner("Eve Early", enrolled=NOW - 20 * DAY)  # 20 days in: two modules due, one completed
    learner("Rob Recent", enrolled=NOW - 10 * DAY)  # 10 days in: one due, one completed
    learner("Fred Fresh", enrolled=NOW - DAY)  # a day in: nothing due yet
    for name in ("Eve Early", "Rob Recent"):
        complete_basics(db.session.scalar(select(User).where(User.name == name)), NOW - DAY)
    taught = taught_run(make_course_tutor("practice", now=NOW), "practice", "open")  # the run as it is now
    assert names(taught, now=NOW, status="behind") == {"Eve Early"}
    assert names(taught, now=NOW + 3 * DAY, status="behind") == {"Eve Early"}  # Rob 13 days in, Fred 4
    assert names(taught, now=NOW + 6 * DAY, status="behind") == {"Eve Early", "Rob Recent", "Fred Fresh"}  # 16 and 7


def test_once_the_run_has_ended_every_module_is_due_but_for_a_later_personal_deadline(cohort, taught):
    after_the_end = taught.run.ends_at + DAY
    assert names(taught, now=after_the_end, status="behind") == {"Ida Idle", "Stan Stale", "Nina New", "Ben Behind", "Olga Ontrack"}
    db.session.execute(update(Enrolment).where(Enrolment.user_id == cohort["on_track"].id)
                       .values(deadline_at=after_the_end + 7 * DAY))
    db.session.commit()
    assert "Olga Ontrack" not in names(taught, now=after_the_end, status="behind")


def test_the_search_finds_names_and_addresses_whatever_the_case(cohort, taught):
    assert names(taught, search="stan") == {"Stan Stale"}
    assert names(taught, search="NINA@SCHOOL") == {"Nina New"}
    assert names(taught, search="ben", status="behind") == {"Ben Behind"}
    assert names(taught, search="ben", status="completed") == set()
    assert names(taught, search="%") == names(taught, search="_") == set()  # wildcards are taken literally


def test_odd_filter_values_are_ignored_and_the_search_is_bounded(cohort, taught):
    assert LearnerFilter.from_args({"status": "everyone'; DROP TABLE users", "q": "  Stan\x00  "}) == LearnerFilter("Stan", "")
    assert LearnerFilter.from_args({"q": "a\x00b\nc"}).search == "a b c"
    huge = LearnerFilter.from_args({"q": "x" * 10_000})
    assert len(huge.search) == 254 and count_learners(taught, huge, now=LATER) == 0
    assert LearnerFilter.from_args({}) == LearnerFilter() and LearnerFilter().everyone
    assert names(taught, **vars(LearnerFilter.from_args({"q": "\x00stan\x00"}))) == {"Stan Stale"}
