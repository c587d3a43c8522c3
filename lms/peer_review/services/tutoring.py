"""The tutors' side of peer review: a submission, reviewing as a tutor, overriding a
result, and moderating flags (the assignment's page is ``overview``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import and_, select

from lms.core.access import can_teach
from lms.core.audit import record_audit
from lms.core.errors import NotFound, PermissionDenied, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext
from lms.core.moderation import record_moderation
from lms.courses.services.content import lock_activity
from lms.notifications.services import notify_user
from lms.peer_review import queries
from lms.peer_review.models import Flag, Review, Submission
from lms.peer_review.services.queue import claim
from lms.peer_review.services.reviews import check_rubric

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Activity, Course, Module


def _tutor_assignment(tutor: User, activity_id: int) -> tuple[Activity, Module, Course]:
    row = queries.assignment_in_context(activity_id)
    if row is None:
        raise NotFound(gettext("No such assignment."))
    if not can_teach(tutor, row[2].id):
        raise PermissionDenied(gettext("Only the tutors of this course can see this."))
    return row[0], row[1], row[2]


def get_submission_for_tutor(tutor: User, submission_id: int) -> tuple[Submission, Activity, Module, Course, User, list[Review]]:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(gettext("No such submission."))
    activity, module, course = _tutor_assignment(tutor, submission.activity_id)
    author = queries.author_of(submission)
    reviews = list(db.session.scalars(select(Review).where(Review.submission_id == submission.id).order_by(Review.id)))
    return submission, activity, module, course, author, reviews


def reviewer_names(user_ids: list[int]) -> dict[int, str]:
    """For tutors' pages only: learners never see who reviewed whom."""
    return queries.names_of(user_ids) if user_ids else {}


def claim_as_tutor(tutor: User, submission_id: int, *, now: datetime) -> Review:
    submission, activity, *_ = get_submission_for_tutor(tutor, submission_id)
    lock_activity(activity.id)  # a double click waits for the first, then finds its claim
    existing = db.session.scalar(select(Review).where(Review.submission_id == submission.id, Review.reviewer_id == tutor.id))
    if existing and existing.status == "done":
        return existing
    return claim(submission, tutor, None, activity.spec, now, volunteer=False, by_tutor=True)


def override_result(tutor: User, submission_id: int, *, scores: list[int | None], reason: str, now: datetime) -> Submission:
    """Set the result by hand; the author is told, with the reason, whenever the result or reason changes."""
    submission, activity, module, course, author, _ = get_submission_for_tutor(tutor, submission_id)
    if not reason.strip():
        raise ValidationError("reason", gettext("Give a reason: the learner will see it with the result."))
    clean, _ = check_rubric(activity.spec["rubric"], scores, [""] * len(scores), need_comments=False)
    if (submission.override_scores, submission.override_reason) == (clean, reason.strip()):
        return submission  # a second click on the same decision
    submission.override_scores, submission.override_reason = clean, reason.strip()
    submission.override_by_id, submission.override_at = tutor.id, now
    record_audit(action="grade.override", now=now, actor_id=tutor.id, subject_user_id=author.id, target_kind="submission",
                 target_id=submission.id, reason=submission.override_reason, details={"scores": clean})
    notify_user(author.id, kind="result_overridden", key=f"result_overridden:{submission.id}:{now.isoformat()}",
                payload={**_about(activity, module, course), "reason": submission.override_reason}, now=now)
    return submission


@dataclass(frozen=True)
class AssignmentPlace:
    """Where a tutor decides on an assignment's reports: its page for one run."""

    course_slug: str
    run_slug: str
    activity_id: int


def flag_place(tutor: User, flag_id: int) -> AssignmentPlace:
    """The tutor page of the assignment and run a report belongs to (only for its tutors)."""
    report = db.session.get(Flag, flag_id)
    if report is None:
        raise NotFound(gettext("No such flag."))
    submission = db.session.get(Submission, report.submission_id)
    activity, _, course = _tutor_assignment(tutor, submission.activity_id)
    return AssignmentPlace(course.slug, queries.get_run(submission.run_id).slug, activity.id)


# What a tutor's decision did, in the words of what the learners now see: one whole sentence per
# (decision, what was reported, was its owner told), so each language words each its own way.
MODERATED = {
    ("hide", "submission", True): lazy_gettext("The submission is hidden from reviewers; the author was told why."),
    ("hide", "submission", False): lazy_gettext("The submission is hidden from reviewers."),
    ("reassign", "submission", True): lazy_gettext(
        "The submission is hidden from reviewers and the work goes back in the queue for another review; the author was told why."),
    ("reassign", "submission", False): lazy_gettext(
        "The submission is hidden from reviewers and the work goes back in the queue for another review."),
    ("restore", "submission", True): lazy_gettext("The submission is visible to reviewers again; the author was told."),
    ("restore", "submission", False): lazy_gettext("The submission is visible to reviewers again."),
    ("hide", "review", True): lazy_gettext("The review is hidden from the author of the work; the reviewer was told why."),
    ("hide", "review", False): lazy_gettext("The review is hidden from the author of the work."),
    ("reassign", "review", True): lazy_gettext(
        "The review is hidden from the author of the work and the work goes back in the queue for another review; "
        "the reviewer was told why."),
    ("reassign", "review", False): lazy_gettext(
        "The review is hidden from the author of the work and the work goes back in the queue for another review."),
    ("restore", "review", True): lazy_gettext("The review is visible to the author of the work again; the reviewer was told."),
    ("restore", "review", False): lazy_gettext("The review is visible to the author of the work again."),
}


RESOLUTIONS = {"hide": "hidden", "restore": "restored", "reassign": "reassigned", "dismiss": "dismissed"}


@dataclass(frozen=True)
class Moderation:
    flag: Flag
    target: str  # "submission" or "review"
    owner_told: bool  # the learner whose work it is was told (of a hide, with the reason)


def moderate(tutor: User, flag_id: int, action: str, *, reason: str = "", now: datetime) -> Moderation:
    """hide / restore the flagged item, reassign (hide a review so the work goes back in the queue), or dismiss.
    Hiding needs a reason: the learner whose work it is gets it in a notification, and every open
    report of the same item is settled with it. Restoring tells that learner too; the reports stay settled."""
    report = db.session.get(Flag, flag_id)
    if report is None:
        raise NotFound(gettext("No such flag."))
    submission = db.session.get(Submission, report.submission_id)
    activity, module, course = _tutor_assignment(tutor, submission.activity_id)
    if action not in RESOLUTIONS:
        raise ValidationError("action", gettext("Unknown moderation action."))
    review = db.session.get(Review, report.review_id) if report.review_id else None
    target, told, about = review or submission, False, _about(activity, module, course)
    if action in ("hide", "reassign"):
        reason = reason.strip()
        if not reason:
            raise ValidationError("reason", gettext("Give a reason for hiding it: the learner whose work it is will read it."))
        report.details = {**(report.details or {}), "tutor_reason": reason[:2000]}
        if target.hidden_at is None:
            target.hidden_at = now
            told = _tell_owner(submission, review, "work_hidden", {**about, "reason": reason[:2000]}, now=now)
    elif action == "restore" and target.hidden_at is not None:
        target.hidden_at = None
        told = _tell_owner(submission, review, "work_restored", about, now=now)
    report.resolved_at, report.resolution, report.resolved_by_id = now, RESOLUTIONS[action], tutor.id
    report.details = {key: value for key, value in (report.details or {}).items() if key != "settled_with"}  # decided here
    if action != "dismiss":
        _settle_other_reports(report, now=now)
    record_moderation(run_id=submission.run_id, actor_id=tutor.id, target_kind="review" if review else "submission",
                      target_id=target.id, action=action, reason=reason.strip(), report_id=report.id, now=now)
    return Moderation(report, "review" if review else "submission", told)


def _settle_other_reports(report: Flag, *, now: datetime) -> None:
    """The other reports of the same submission or review follow this one: hiding settles the
    open ones (they would otherwise wait, first in the list, for a decision already taken), and
    restoring marks those settled by a hide as restored. A dismissed report stays dismissed."""
    same_item = Flag.review_id == report.review_id if report.review_id else and_(
        Flag.submission_id == report.submission_id, Flag.review_id.is_(None))
    restored = report.resolution == "restored"
    follows = Flag.resolution.in_(("hidden", "reassigned")) if restored else Flag.resolved_at.is_(None)
    settled = {"settled_with": report.id} if restored else {"settled_with": report.id, "tutor_reason": report.details["tutor_reason"]}
    for other in db.session.scalars(select(Flag).where(same_item, follows, Flag.id != report.id)):
        other.resolved_at, other.resolution, other.resolved_by_id = now, report.resolution, report.resolved_by_id
        other.details = {**(other.details or {}), **settled}


def _tell_owner(submission: Submission, review: Review | None, kind: str, payload: dict, *, now: datetime) -> bool:
    """Notify the author of the hidden or restored work, or the learner who wrote the review (not a tutor)."""
    if review is not None and review.reviewer_enrolment_id is None:
        return False
    owner_id = review.reviewer_id if review is not None else queries.get_enrolment(submission.enrolment_id).user_id
    what = "review" if review is not None else "submission"
    notify_user(owner_id, kind=kind, key=f"{kind}:{what}:{(review or submission).id}:{now.isoformat()}",
                payload={**payload, "what": what}, now=now)
    return True


def _about(activity: Activity, module: Module, course: Course) -> dict[str, str]:
    """What a notification about this assignment needs for its text and link."""
    return {"course": course.slug, "course_title": course.title, "course_language": course.language, "module": module.slug, "module_title": module.title,
            "activity": activity.slug, "activity_title": activity.title}
