"""Sweeps the scheduler runs. Each picks what is due and not yet recorded, and
records it through the notification ledger, so running twice does nothing more
and a sweep after downtime announces what was missed, once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select

from lms.core.extensions import db
from lms.core.jobs import SweepReport
from lms.courses.services.content import live_runs
from lms.courses.services.runs import live_modules_with_overrides, module_opening_times
from lms.learning.models import Enrolment, UnitProgress
from lms.learning.queries import personal_deadlines_closing
from lms.learning.services.enrolment import enrolled_user_ids
from lms.notifications.services import notify_each, notify_users

WINDOW_WARNING = timedelta(days=7)
INACTIVITY = timedelta(days=14)


def announce_releases(*, now: datetime) -> SweepReport:
    """Tell each learner of a scheduled run that a module has opened, once per module."""
    report = SweepReport()
    for run, course in live_runs(now):
        if run.release_mode != "scheduled":
            continue  # self-paced: everything opened at enrolment
        modules, overrides = live_modules_with_overrides(course.id, run.id)
        times = module_opening_times(run, modules, overrides, enrolled_at=None)
        for module in modules:
            opens_at = times[module.id]
            if opens_at is None or opens_at > now:
                continue
            # Only learners who were there before it opened: a newcomer finds it open already.
            learners = enrolled_user_ids(run.id, before=opens_at)
            report.recorded += notify_users(
                learners,
                kind="module_opened",
                key=f"module_opened:{run.id}:{module.id}",
                payload={"course": course.slug, "course_title": course.title, "course_language": course.language, "module": module.slug,
                         "module_title": module.title, "opens_at": opens_at.isoformat(), "run": run.slug},
                now=now,
            )
    return report


def warn_window_closing(*, now: datetime) -> SweepReport:
    """Seven days before a run's window closes, tell learners who have not finished; seven days
    before a learner's personal deadline, tell those who hold it (once per deadline: a new one
    is warned of again)."""
    report = SweepReport()
    for run, course in live_runs(now):
        if run.ends_at is None or run.ends_at - WINDOW_WARNING > now:
            continue
        # Not those whose tutor gave them a later personal deadline: they are warned before theirs.
        learners = enrolled_user_ids(run.id).where(or_(Enrolment.deadline_at.is_(None), Enrolment.deadline_at <= run.ends_at))
        report.recorded += _warn(learners, run, course, run.ends_at, key=f"window_closing:{run.id}", now=now)
    for run, course, deadline in personal_deadlines_closing(now, WINDOW_WARNING):
        learners = enrolled_user_ids(run.id).where(Enrolment.deadline_at == deadline)  # everyone holding that deadline
        report.recorded += _warn(learners, run, course, deadline, key=f"window_closing:{run.id}:{deadline.isoformat()}",
                                 now=now)
    return report


def _warn(learners, run, course, closes_at: datetime, *, key: str, now: datetime) -> int:
    return notify_users(
        learners,
        kind="window_closing",
        key=key,
        payload={"course": course.slug, "course_title": course.title, "course_language": course.language,
                 "ends_at": closes_at.isoformat(), "run": run.slug},
        now=now,
    )


def nudge_inactive(*, now: datetime) -> SweepReport:
    """A learner with open modules who has done nothing for 14 days gets one reminder
    per quiet spell (the key carries the date of their last activity)."""
    report = SweepReport()
    cutoff = now - INACTIVITY
    for run, course in live_runs(now):
        last_progress = (
            select(func.max(UnitProgress.completed_at)).where(UnitProgress.enrolment_id == Enrolment.id).scalar_subquery()
        )
        active_since = func.coalesce(Enrolment.last_active_at, Enrolment.enrolled_at, type_=Enrolment.enrolled_at.type)
        rows = db.session.execute(
            select(Enrolment.id, Enrolment.user_id, active_since)
            .where(
                Enrolment.run_id == run.id,
                Enrolment.unenrolled_at.is_(None),
                active_since <= cutoff,
                or_(last_progress.is_(None), last_progress <= cutoff),
            )
        ).all()
        payload = {"course": course.slug, "course_title": course.title, "course_language": course.language, "run": run.slug}
        report.recorded += notify_each(  # one insert for the run's quiet learners, not one each
            [(user_id, f"inactivity:{enrolment_id}:{since:%Y%m%d%H%M}", payload) for enrolment_id, user_id, since in rows],
            kind="inactivity", now=now,
        )
    return report

