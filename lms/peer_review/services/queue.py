"""The live review queue: who gets which submission to review.

The queue hands each reviewer, in this order: their own live claim; else the
submission of their run with the fewest (finished reviews + live claims), oldest
first, never their own nor one they reviewed; submissions already at their quota
only when none needs reviews (extra reviews count for the author). A learner's
duties never wait on others: when nothing at all is left to review, their duty is
waived. Work still short of reviews after the fallback delay goes to the tutor
queue and is offered first to volunteers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import case, exists, func, select

from lms.core.completion import ProgressResult, record_work
from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.courses.services.content import lock_activity
from lms.peer_review.models import Review, Submission
from lms.peer_review.services.pages import get_assignment_page, live_claim

if TYPE_CHECKING:
    from lms.accounts.models import User


def _queue(activity_id: int, run_id: int, reviewer: User, own_enrolment_id: int | None, now: datetime, *, volunteer: bool):
    """Candidate submissions with their load, best first."""
    done = (Review.status == "done") & Review.hidden_at.is_(None)
    live = (Review.status == "claimed") & (Review.expires_at > now)
    load = (
        select(func.count(Review.id)).where(Review.submission_id == Submission.id, done | live)
        .correlate(Submission).scalar_subquery()
    )
    already = exists().where(Review.submission_id == Submission.id, Review.reviewer_id == reviewer.id, Review.status == "done")
    query = (
        select(Submission, load.label("load"))
        .where(Submission.activity_id == activity_id, Submission.run_id == run_id, Submission.hidden_at.is_(None), ~already)
    )
    if own_enrolment_id is not None:
        query = query.where(Submission.enrolment_id != own_enrolment_id)
    order = [load]
    if volunteer:  # work waiting in the tutor queue goes to volunteers first
        order.insert(0, case((Submission.tutor_queue_at.is_not(None), 0), else_=1))
    return query.order_by(*order, Submission.submitted_at, Submission.id)


def claim_next(user: User, course_slug: str, module_slug: str, activity_slug: str, *, now: datetime) -> tuple[Review | None, ProgressResult]:
    """Give the learner something to review, or waive their duty if nothing is left.

    Claims for one assignment are serialised (a row lock on PostgreSQL, an immediate
    write transaction on SQLite), so two learners asking at once never over-claim."""
    view = get_assignment_page(user, course_slug, module_slug, activity_slug, now=now)
    if view.page.window_closed:
        raise DomainError("This run has closed: nothing new can be reviewed.")
    if view.submission is None:
        raise DomainError("Submit your own work first; then you can review your peers.")
    if view.live_claim is not None:  # asking again: the same claim, no lock, no write
        return view.live_claim, ProgressResult()
    lock_activity(view.page.activity.id)
    current = live_claim(user.id, view.page.activity.id, now)
    if current is not None:
        return current, ProgressResult()
    spec = view.spec
    volunteer = view.duties_done
    candidates = db.session.execute(
        _queue(view.page.activity.id, view.page.place.run.id, user, view.page.place.enrolment.id, now, volunteer=volunteer).limit(50)
    ).all()
    needing = [s for s, load in candidates if load < spec["must_receive"]]
    chosen = needing[0] if needing else (candidates[0][0] if candidates else None)
    if chosen is None:
        if not view.duties_done:
            view.submission.duties_waived_at = now  # nothing left to review: the learner is not held back
            return None, record_work(view.page.place.enrolment, view.page.state.module, now=now)
        return None, ProgressResult()
    review = claim(chosen, user, view.page.place.enrolment.id, spec, now, volunteer=volunteer)
    return review, ProgressResult()


def claim(submission: Submission, user: User, enrolment_id: int | None, spec: dict, now: datetime, *, volunteer: bool, by_tutor: bool = False) -> Review:
    review = db.session.scalar(select(Review).where(Review.submission_id == submission.id, Review.reviewer_id == user.id))
    expires = now + timedelta(hours=spec.get("claim_timeout_hours", 2))
    if review is None:
        review = Review(submission_id=submission.id, reviewer_id=user.id, reviewer_enrolment_id=enrolment_id)
        db.session.add(review)
    review.status, review.claimed_at, review.expires_at, review.reminded_at = "claimed", now, expires, None
    review.volunteer, review.by_tutor = volunteer, by_tutor
    if submission.locked_at is None:
        submission.locked_at = now
    db.session.flush()
    return review
