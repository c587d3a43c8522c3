"""Scheduler sweeps: each release, window warning and reminder recorded exactly once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from lms.core.extensions import db
from lms.learning.models import Enrolment
from lms.notifications.models import Notification
from lms.learning.services.announcements import announce_releases, nudge_inactive, warn_window_closing
from lms.learning.services.pages import get_unit_page
from tests.conftest import NOW
from tests.factories import make_enrolment, make_user, run_of


def _stem_careers(catalog):
    """The model course; the catalogue lists the sample courses by file name, so not always first."""
    return next(course for course in catalog.courses if course.slug == "stem-careers")


BEFORE_START = datetime(2017, 9, 20, 8, 0, tzinfo=timezone.utc)
OCT_10 = datetime(2017, 10, 10, 8, 0, tzinfo=timezone.utc)


def notifications(kind: str, user_id: int | None = None) -> list[Notification]:
    query = select(Notification).where(Notification.kind == kind)
    if user_id:
        query = query.where(Notification.user_id == user_id)
    return list(db.session.scalars(query.order_by(Notification.id)))


def early_learner():
    """Enrolled before the run started, so every release is news to them."""
    user = make_user(now=BEFORE_START)
    make_enrolment(user, now=BEFORE_START)
    return user


def test_each_opened_module_is_announced_once_when_the_sweep_runs_twice(courses):
    user = early_learner()
    first = announce_releases(now=NOW)
    second = announce_releases(now=NOW)
    db.session.commit()
    assert first.recorded == 5 and second.recorded == 0  # introduction and modules 1-4 by 3 October
    titles = [n.payload["module_title"] for n in notifications("module_opened", user.id)]
    assert titles[0] == "Course introduction" and len(titles) == 5


def test_releases_missed_while_the_scheduler_was_down_are_announced_once_on_start(courses):
    user = early_learner()
    announce_releases(now=NOW)
    # The scheduler was down from 3 to 10 October: modules 5 and 6 opened on the 9th.
    caught_up = announce_releases(now=OCT_10)
    db.session.commit()
    assert caught_up.recorded == 2
    assert [n.payload["module"] for n in notifications("module_opened", user.id)][-2:] == [
        "roles-teachers-mentors-parents", "school-to-work-programmes"]


def test_learner_who_enrols_after_a_release_is_not_told_about_it(courses):
    newcomer = make_user(now=NOW)
    make_enrolment(newcomer, now=NOW)
    assert announce_releases(now=NOW).recorded == 0
    assert announce_releases(now=OCT_10).recorded == 2  # modules 5 and 6 opened after they joined


def test_window_closing_warning_goes_once_seven_days_before_the_end(courses):
    user = early_learner()
    ends = run_of("stem-careers").ends_at
    assert warn_window_closing(now=ends - timedelta(days=8)).recorded == 0
    assert warn_window_closing(now=ends - timedelta(days=6)).recorded == 1
    assert warn_window_closing(now=ends - timedelta(days=5)).recorded == 0
    assert warn_window_closing(now=ends + timedelta(days=1)).recorded == 0
    db.session.commit()
    assert len(notifications("window_closing", user.id)) == 1


def test_inactive_learner_gets_one_reminder_per_quiet_spell(courses, real_catalog):
    user = early_learner()
    quiet = BEFORE_START + timedelta(days=15)
    assert nudge_inactive(now=quiet).recorded == 1
    assert nudge_inactive(now=quiet + timedelta(days=1)).recorded == 0
    # They come back, then go quiet again: a new reminder 14 days later, not before.
    unit = _stem_careers(real_catalog).modules[0].units[0]
    get_unit_page(user, "stem-careers", "introduction", unit.slug, now=quiet + timedelta(days=2))
    db.session.commit()
    assert nudge_inactive(now=quiet + timedelta(days=10)).recorded == 0
    assert nudge_inactive(now=quiet + timedelta(days=17)).recorded == 1
    assert len(notifications("inactivity", user.id)) == 2


def test_active_learner_gets_no_reminder_when_a_quiet_classmate_does(courses, real_catalog):
    active, quiet = early_learner(), early_learner()
    unit = _stem_careers(real_catalog).modules[0].units[0]
    get_unit_page(active, "stem-careers", "introduction", unit.slug, now=NOW)
    db.session.commit()
    # Five days after the visit: the active learner is not due, the classmate away since 20 September is.
    assert nudge_inactive(now=NOW + timedelta(days=5)).recorded == 1
    db.session.commit()
    assert notifications("inactivity", active.id) == []
    assert len(notifications("inactivity", quiet.id)) == 1


def test_nothing_is_announced_when_the_run_window_has_closed(courses):
    user = early_learner()
    ends = run_of("stem-careers").ends_at
    assert announce_releases(now=ends + timedelta(days=1)).recorded == 0
    db.session.commit()
    assert notifications("module_opened", user.id) == []
    # The same learner, swept an hour before the window closes, is told about every module
    # (nothing was recorded above, so the closed window alone kept the sweep quiet).
    announce_releases(now=ends - timedelta(hours=1))
    db.session.commit()
    course = next(spec for spec in courses.courses if spec.slug == "stem-careers")
    assert [n.payload["module_title"] for n in notifications("module_opened", user.id)] == [
        module.title for module in course.modules]


def test_a_personal_deadline_is_warned_of_seven_days_before_it_once_per_deadline(courses):
    ada, bob, cy = early_learner(), early_learner(), early_learner()
    ends = run_of("stem-careers").ends_at
    deadline, later = ends + timedelta(days=20), ends + timedelta(days=30)
    enrolments = {e.user_id: e for e in db.session.scalars(select(Enrolment))}
    enrolments[ada.id].deadline_at = enrolments[bob.id].deadline_at = enrolments[cy.id].deadline_at = deadline
    enrolments[cy.id].unenrolled_at = ends  # a tutor took Cy out of the run
    db.session.commit()

    assert warn_window_closing(now=ends - timedelta(days=6)).recorded == 0  # the run's warning is not theirs
    assert warn_window_closing(now=deadline - timedelta(days=8)).recorded == 0
    assert warn_window_closing(now=deadline - timedelta(days=6)).recorded == 2  # Ada and Bob, not Cy
    assert warn_window_closing(now=deadline - timedelta(days=5)).recorded == 0
    enrolments[bob.id].deadline_at = later  # the tutor moved Bob's deadline: he hears of the new one in time
    db.session.commit()
    assert warn_window_closing(now=later - timedelta(days=7)).recorded == 1
    assert warn_window_closing(now=later + timedelta(minutes=1)).recorded == 0
    db.session.commit()

    (warning,) = notifications("window_closing", ada.id)
    assert warning.payload["ends_at"] == deadline.isoformat()  # "closes on" her own day
    assert [n.payload["ends_at"] for n in notifications("window_closing", bob.id)] == [deadline.isoformat(), later.isoformat()]
    assert notifications("window_closing", cy.id) == []
