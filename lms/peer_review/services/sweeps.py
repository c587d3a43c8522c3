"""The scheduler's peer-review sweeps: the tutor queue and reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from lms.core.jobs import SweepReport
from lms.notifications.services import notify_user
from lms.peer_review import queries
from lms.peer_review.models import Review, Submission
from lms.peer_review.services.pages import Duties, duties_by_assignment

CLAIM_REMINDER = timedelta(minutes=30)


def escalate_unreviewed(*, now: datetime) -> SweepReport:
    """Work still short of reviews after the fallback delay joins the tutor queue."""
    report = SweepReport()
    done = select(func.count(Review.id)).where(
        Review.submission_id == Submission.id, Review.status == "done", Review.hidden_at.is_(None)).correlate(Submission).scalar_subquery()
    rows = queries.waiting_submissions_with_spec(done.label("done"))
    for submission, spec, finished in rows:
        if finished < spec["must_receive"] and submission.submitted_at + timedelta(days=spec["fallback_days"]) <= now:
            submission.tutor_queue_at = now
            report.recorded += 1
    return report


def remind_expiring_claims(*, now: datetime) -> SweepReport:
    report = SweepReport()
    claims = queries.claims_expiring_between(now, now + CLAIM_REMINDER)
    for review, activity, module, course in claims:
        report.recorded += notify_user(
            review.reviewer_id, kind="claim_expiring", key=f"claim_expiring:{review.id}:{review.claimed_at:%Y%m%d%H%M}",
            payload={"course": course.slug, "course_title": course.title, "course_language": course.language, "module": module.slug, "module_title": module.title,
                     "activity": activity.slug, "activity_title": activity.title, "review": review.id,
                     "expires_at": review.expires_at.isoformat()},
            now=now,
        )
    return report


def remind_open_duties(*, now: datetime, within: timedelta = timedelta(days=7)) -> SweepReport:
    """Before a run closes: learners who have not submitted or not reviewed yet."""
    report = SweepReport()
    for run in queries.runs_closing_between(now, now + within):
        assignments = queries.live_assignments_of(run.course_id)
        enrolments = queries.enrolments_of(run.id)
        for activity, module, course in assignments:
            duties = {}
            for enrolment in enrolments:
                duties[enrolment.id] = duties_by_assignment(enrolment.id, [activity.id]).get(activity.id, Duties())
            for enrolment in enrolments:
                if duties[enrolment.id].done:
                    continue
                report.recorded += notify_user(
                    enrolment.user_id, kind="review_duties", key=f"review_duties:{run.id}:{activity.id}",
                    payload={"course": course.slug, "course_title": course.title, "course_language": course.language, "module": module.slug,
                             "module_title": module.title, "activity": activity.slug, "activity_title": activity.title,
                             "ends_at": run.ends_at.isoformat(), "submitted": bool(duties[enrolment.id].submitted)},
                    now=now,
                )
    return report
