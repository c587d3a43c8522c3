"""Tutors moving release dates: rules, audit log, one digest per learner."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from lms.courses.catalog import load_catalog
from lms.core.errors import PermissionDenied
from lms.core.extensions import db
from lms.notifications.models import Notification
from lms.schedule.models import ScheduleChange
from lms.courses.services.sync import sync_courses
from lms.schedule.services import RelockNotConfirmed, ScheduleInvalid, Shift, apply_change, get_schedule, plan_change
from tests.conftest import NOW, ROOT
from tests.factories import make_course_tutor, make_learner

BRUSSELS = ZoneInfo("Europe/Brussels")
LAST_THREE = Shift("roles-teachers-mentors-parents", "career-orientation-events", 3)  # modules 5-7


@pytest.fixture
def tutor(courses):
    return make_course_tutor("stem-careers", now=NOW)


def local(value: datetime) -> str:
    return value.astimezone(BRUSSELS).strftime("%a %d %b %H:%M %Z")


def test_preview_lists_the_moved_modules_and_the_learners_affected_without_saving(tutor):
    for _ in range(3):
        make_learner(now=NOW)
    plan = plan_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    assert [(c.module.slug, local(c.new)) for c in plan.changes] == [
        ("roles-teachers-mentors-parents", "Thu 12 Oct 09:00 CEST"),
        ("school-to-work-programmes", "Thu 12 Oct 09:00 CEST"),
        ("career-orientation-events", "Thu 19 Oct 09:00 CEST"),
    ]
    assert plan.affected_learners == 3
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 0


def test_saving_a_shift_logs_each_date_and_sends_each_learner_one_digest(tutor):
    group = [make_learner(now=NOW) for _ in range(3)]
    apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    db.session.commit()
    log = list(db.session.scalars(select(ScheduleChange)))
    assert len(log) == 3 and {entry.changed_by_id for entry in log} == {tutor.id}
    digests = list(db.session.scalars(select(Notification).where(Notification.kind == "schedule_changed")))
    assert sorted(n.user_id for n in digests) == sorted(u.id for u in group)
    assert all(len(n.payload["changes"]) == 3 for n in digests)
    assert get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows[7].moved_by_tutor


def test_saving_the_same_change_twice_sends_no_second_digest(tutor):
    for _ in range(2):
        make_learner(now=NOW)
    apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    db.session.commit()
    new = {row.module.slug: row.opens_at for row in get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows}
    again = apply_change(tutor, "stem-careers", "autumn-2017", new_dates=new, now=NOW)
    db.session.commit()
    assert again.changes == []
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 2


def test_a_module_moved_before_the_one_above_it_is_refused_with_a_reason(tutor):
    late = datetime(2017, 10, 3, 7, 0, tzinfo=timezone.utc)  # module 2 after module 3 (2 October)
    with pytest.raises(ScheduleInvalid) as refused:
        plan_change(tutor, "stem-careers", "autumn-2017", new_dates={"stem-career-pathways": late}, now=NOW)
    assert refused.value.problems == [
        "“STEM leading schools” would open before “STEM career pathways”: keep the modules in order."
    ]


def test_a_date_outside_the_course_window_is_refused(tutor):
    with pytest.raises(ScheduleInvalid) as refused:
        plan_change(tutor, "stem-careers", "autumn-2017", shift=Shift("career-orientation-events", "career-orientation-events", 60), now=NOW)
    assert refused.value.problems == ["“Career orientation events on STEM education” would open after the course window closes."]
    with pytest.raises(ScheduleInvalid) as refused:
        plan_change(tutor, "stem-careers", "autumn-2017", shift=Shift("introduction", "introduction", -1), now=NOW)
    assert "“Course introduction” would open before the run starts." in refused.value.problems


def test_dates_after_the_end_of_summer_time_stay_at_nine_in_brussels(tutor):
    """The reference run crosses 29 October 2017: a two-week shift of module 7 lands on 30 October, 09:00 CET."""
    plan = plan_change(tutor, "stem-careers", "autumn-2017", shift=Shift("career-orientation-events", "career-orientation-events", 14), now=NOW)
    (change,) = plan.changes
    assert local(change.old) == "Mon 16 Oct 09:00 CEST"
    assert local(change.new) == "Mon 30 Oct 09:00 CET"
    assert change.new == datetime(2017, 10, 30, 8, 0, tzinfo=timezone.utc)


def test_a_tutor_of_another_course_cannot_see_or_change_this_schedule(courses):
    other = make_course_tutor("stem-outreach-libraries", now=NOW)
    with pytest.raises(PermissionDenied):
        get_schedule(other, "stem-careers", "autumn-2017", now=NOW)
    with pytest.raises(PermissionDenied):
        apply_change(other, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)


def test_a_tutors_date_survives_the_next_sync_of_the_course_files(tutor, real_catalog):
    apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    db.session.commit()
    moved = get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows[7].opens_at
    catalog = load_catalog(ROOT / "courses", ROOT / "content")
    changed = [c for c in catalog.courses]
    sync_courses(changed, now=NOW)
    db.session.commit()
    assert get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows[7].opens_at == moved


GENDER_ON = Shift("gender-stereotypes", "career-orientation-events", 7)  # module 4 opened on 2 October: back to the 9th


def test_the_schedule_tells_which_modules_are_open_now(tutor):
    rows = get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows
    assert [row.module.slug for row in rows if row.open_now] == [
        "introduction", "stem-careers-job-market", "stem-career-pathways", "stem-leading-schools", "gender-stereotypes"]


def test_moving_an_open_module_into_the_future_counts_the_learners_who_lose_it(tutor):
    for _ in range(3):
        make_learner(now=NOW)
    plan = plan_change(tutor, "stem-careers", "autumn-2017", shift=GENDER_ON, now=NOW)
    assert [change.module.slug for change in plan.relocked] == ["gender-stereotypes"]
    assert plan.learners_losing_access == 3
    later_only = plan_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    assert later_only.relocked == [] and later_only.learners_losing_access == 0


def test_closing_an_open_module_is_saved_only_once_the_tutor_confirms_it(tutor):
    make_learner(now=NOW)
    with pytest.raises(RelockNotConfirmed):
        apply_change(tutor, "stem-careers", "autumn-2017", shift=GENDER_ON, now=NOW)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ScheduleChange)) == 0
    assert get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows[4].open_now
    plan = apply_change(tutor, "stem-careers", "autumn-2017", shift=GENDER_ON, confirmed_relocks="gender-stereotypes", now=NOW)
    db.session.commit()
    assert len(plan.changes) == 4
    assert not get_schedule(tutor, "stem-careers", "autumn-2017", now=NOW).rows[4].open_now


def test_a_preview_made_before_a_module_opened_does_not_close_it_on_save(tutor):
    """Previewed on the 3rd, when module 5 was still to open; saved on the 10th, when it is open."""
    make_learner(now=NOW)
    preview = plan_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, now=NOW)
    assert preview.relock_confirmation == ""
    a_week_later = NOW + timedelta(days=7)
    with pytest.raises(RelockNotConfirmed):
        apply_change(tutor, "stem-careers", "autumn-2017", shift=LAST_THREE, confirmed_relocks=preview.relock_confirmation,
                     now=a_week_later)
