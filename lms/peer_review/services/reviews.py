"""Reviewing: the review page, the rubric, submitting, rating and flagging.
Authors and reviewers never see each other's names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.core.completion import ProgressResult, record_work
from lms.core.errors import DomainError, NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.learning.services import window_closed
from lms.notifications.services import notify_user
from lms.peer_review import queries
from lms.peer_review.models import Flag, Review, Submission
from lms.peer_review.services.pages import FLAG_REASONS

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Activity, Course, Module


@dataclass(frozen=True)
class ReviewPage:
    review: Review
    submission: Submission
    activity: Activity
    course: Course
    module: Module
    expired: bool


def get_review(user: User, review_id: int, *, now: datetime) -> ReviewPage:
    """A claim or review, for the person who holds it: anyone else is told it does not exist."""
    row = queries.review_in_context(review_id)
    if row is None or row[0].reviewer_id != user.id:
        raise NotFound(gettext("No such review."))
    review, submission, activity, module, course = row
    if submission.hidden_at is not None and not review.by_tutor:
        raise NotFound(gettext("This submission has been withdrawn by a tutor."))
    return ReviewPage(review, submission, activity, course, module, review.status == "claimed" and review.expires_at <= now)


def check_rubric(
    rubric: list[dict], scores: list[int | None], comments: list[str], *, need_comments: bool = True
) -> tuple[list[int], list[str]]:
    if len(scores) != len(rubric) or len(comments) != len(rubric):
        raise ValidationError("scores", gettext("Score every criterion."))
    clean_scores, clean_comments = [], []
    for index, criterion in enumerate(rubric):
        points = [level["points"] for level in criterion["levels"]]
        if scores[index] not in points:
            raise ValidationError(f"score-{index}", gettext("Choose a level for “%(criterion)s”.", criterion=criterion["criterion"]))
        comment = (comments[index] or "").strip()
        if need_comments and len(comment) < criterion.get("min_comment", 0):
            raise ValidationError(f"comment-{index}", ngettext(
                "Write at least %(num)d character about “%(criterion)s” (you wrote %(written)d).",
                "Write at least %(num)d characters about “%(criterion)s” (you wrote %(written)d).",
                criterion["min_comment"], criterion=criterion["criterion"], written=len(comment)))
        clean_scores.append(scores[index])
        clean_comments.append(comment)
    return clean_scores, clean_comments


def submit_review(
    user: User, review_id: int, *, scores: list[int | None], comments: list[str], feedback: str, now: datetime
) -> tuple[ReviewPage, ProgressResult]:
    page = get_review(user, review_id, now=now)
    review = page.review
    if review.status == "done":
        return page, ProgressResult()  # a double click: the review is already in
    run = queries.get_run(page.submission.run_id)
    reviewer = queries.get_enrolment(review.reviewer_enrolment_id) if review.reviewer_enrolment_id is not None else None
    if window_closed(run, reviewer, now) and not review.by_tutor:  # the reviewer's personal deadline counts
        raise DomainError(gettext("This run has closed: nothing new can be reviewed."))
    review.scores, review.comments = check_rubric(page.activity.spec["rubric"], scores, comments)
    review.feedback = feedback.strip()
    review.status, review.submitted_at = "done", now
    author = queries.get_enrolment(page.submission.enrolment_id)
    notify_user(
        author.user_id, kind="review_received", key=f"review_received:{review.id}",
        payload={"course": page.course.slug, "course_title": page.course.title, "course_language": page.course.language, "module": page.module.slug,
                 "module_title": page.module.title, "activity": page.activity.slug, "activity_title": page.activity.title},
        now=now,
    )
    result = ProgressResult()
    if reviewer is not None:
        result = record_work(reviewer, page.module, now=now)
    return page, result


def rate_review(user: User, review_id: int, helpfulness: int) -> Review:
    review, submission = _authors_review(user, review_id)
    if helpfulness not in range(1, 6):
        raise ValidationError("helpfulness", gettext("Rate from 1 (not helpful) to 5 (very helpful)."))
    review.helpfulness = helpfulness
    return review


def _authors_review(user: User, review_id: int) -> tuple[Review, Submission]:
    row = queries.counted_review_with_author(review_id)
    if row is None or row[2] != user.id:
        raise NotFound(gettext("No such review."))
    return row[0], row[1]


def flag(user: User, review_id: int, *, target: str, reason: str, note: str, now: datetime) -> Flag:
    """A reviewer flags the submission they were given; an author flags a review they received."""
    if reason not in FLAG_REASONS:
        raise ValidationError("reason", gettext("Choose a reason."))
    if target == "submission":
        page = get_review(user, review_id, now=now)
        submission_id, flagged_review = page.submission.id, None
    elif target == "review":
        review, submission = _authors_review(user, review_id)
        submission_id, flagged_review = submission.id, review.id
    else:
        raise NotFound(gettext("Nothing to flag."))
    existing = db.session.scalar(select(Flag).where(
        Flag.reporter_id == user.id, Flag.submission_id == submission_id,
        Flag.review_id.is_(None) if flagged_review is None else Flag.review_id == flagged_review))
    if existing:
        return existing
    report = Flag(reporter_id=user.id, submission_id=submission_id, review_id=flagged_review, reason=reason,
                  note=note.strip()[:2000], created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:  # the same report, sent twice at once
        return db.session.scalar(select(Flag).where(Flag.reporter_id == user.id, Flag.review_id == flagged_review))
    return report
