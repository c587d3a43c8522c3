"""Reading an assignment: the learner's page, their duties, and their results."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from lms.activities.services import ActivityPage, get_activity_page
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext, ngettext
from lms.peer_review import queries
from lms.peer_review.models import Review, Submission

if TYPE_CHECKING:
    from lms.accounts.models import User

FLAG_REASONS = {"inappropriate": lazy_gettext("Inappropriate"), "plagiarism": lazy_gettext("Plagiarism"),
                "unhelpful": lazy_gettext("Unhelpful")}


@dataclass(frozen=True)
class Duties:
    submitted: int = 0
    done: int = 0


@dataclass(frozen=True)
class Results:
    medians: list[float]  # per criterion
    counted: int
    overridden: bool
    reason: str | None = None

    @property
    def total(self) -> float:
        return sum(self.medians)


@dataclass
class AssignmentPage:
    page: ActivityPage
    submission: Submission | None
    given: int  # finished reviews by this learner
    live_claim: Review | None
    received: list[Review] = field(default_factory=list)  # finished, not hidden
    results: Results | None = None

    @property
    def spec(self) -> dict:
        return self.page.activity.spec

    @property
    def must_give(self) -> int:
        return self.spec["must_give"]

    @property
    def duties_done(self) -> bool:
        return bool(self.submission) and (self.given >= self.must_give or self.submission.duties_waived_at is not None)

    @property
    def editable(self) -> bool:
        return self.submission is None or (self.submission.locked_at is None and not self.page.window_closed)

    @property
    def next_step(self) -> str:
        if self.page.window_closed:
            return gettext("This run has closed: nothing new can be submitted or reviewed.")
        if self.submission is None:
            return gettext("Submit your work. Then you will review the work of peers.")
        if self.live_claim:
            return gettext("Finish the review you have started.")
        if not self.duties_done:
            return ngettext("Review %(num)d more submission of your peers.", "Review %(num)d more submissions of your peers.",
                            self.must_give - self.given)
        if len(self.received) < self.spec["must_receive"]:
            return gettext("Your part is done. Your reviews are on their way; you may review more peers in the meantime.")
        return gettext("Your part is done and your reviews are in.")


def _assignment(user: User, course_slug: str, module_slug: str, activity_slug: str, now: datetime) -> ActivityPage:
    page = get_activity_page(user, course_slug, module_slug, activity_slug, now=now)
    if page.activity.kind != "assignment":
        raise NotFound(gettext("This activity is not a peer-reviewed assignment."))
    return page


def _given(user_id: int, activity_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Review).join(Submission, Submission.id == Review.submission_id)
        .where(Review.reviewer_id == user_id, Review.status == "done", Review.hidden_at.is_(None),
               Submission.activity_id == activity_id)
    )


def live_claim(user_id: int, activity_id: int, now: datetime) -> Review | None:
    return db.session.scalar(
        select(Review).join(Submission, Submission.id == Review.submission_id)
        .where(Review.reviewer_id == user_id, Review.status == "claimed", Review.expires_at > now,
               Submission.activity_id == activity_id)
    )


def counted_reviews(submission_id: int) -> list[Review]:
    return list(db.session.scalars(
        select(Review).where(Review.submission_id == submission_id, Review.status == "done", Review.hidden_at.is_(None))
        .order_by(Review.submitted_at, Review.id)
    ))


def results_of(submission: Submission, reviews: list[Review], rubric: list[dict]) -> Results | None:
    """Per criterion, the median of the counted reviews, unless a tutor has overridden it."""
    if submission.override_scores is not None:
        return Results([float(s) for s in submission.override_scores], len(reviews), True, submission.override_reason)
    if not reviews:
        return None
    medians = [float(statistics.median(r.scores[i] for r in reviews)) for i in range(len(rubric))]
    return Results(medians, len(reviews), False)


def get_assignment_page(user: User, course_slug: str, module_slug: str, activity_slug: str, *, now: datetime) -> AssignmentPage:
    page = _assignment(user, course_slug, module_slug, activity_slug, now)
    submission = db.session.scalar(select(Submission).where(
        Submission.activity_id == page.activity.id, Submission.enrolment_id == page.place.enrolment.id))
    view = AssignmentPage(page, submission, _given(user.id, page.activity.id), live_claim(user.id, page.activity.id, now))
    if submission is not None:
        view.received = counted_reviews(submission.id)
        if view.duties_done:  # results once the learner has done their own part
            view.results = results_of(submission, view.received, page.activity.spec["rubric"])
    return view


def duties_by_assignment(enrolment_id: int, assignment_ids: list[int]) -> dict[int, Duties]:
    """Per assignment: has the learner submitted, and met their review duties?"""
    rows = queries.submissions_with_spec(enrolment_id, assignment_ids)
    duties = {}
    for activity_id, waived, spec, user_id in rows:
        done = waived is not None or _given(user_id, activity_id) >= spec["must_give"]
        duties[activity_id] = Duties(submitted=1, done=int(done))
    return duties


def count_assignments(enrolment_id: int, assignment_ids: list[int]) -> tuple[int, int]:
    """(submitted, duties done) by one learner among these peer-reviewed assignments."""
    if not assignment_ids:
        return 0, 0
    duties = duties_by_assignment(enrolment_id, assignment_ids)
    return sum(d.submitted for d in duties.values()), sum(d.done for d in duties.values())
