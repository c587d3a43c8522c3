"""Peer review: submissions, the live review queue, reviews, results and moderation.

The queue hands each reviewer, in this order: their own live claim; else the
submission of their run with the fewest (finished reviews + live claims), oldest
first, never their own nor one they reviewed; submissions already at their quota
only when none needs reviews (extra reviews count for the author). A learner's
duties never wait on others: when nothing at all is left to review, their duty is
waived. Work still short of reviews after the fallback delay goes to the tutor
queue and is offered first to volunteers. Authors and reviewers never see each
other's names."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import case, exists, func, select
from sqlalchemy.exc import IntegrityError

from lms.catalog.render import render_markdown
from lms.db_utils import lock_queue
from lms.errors import DomainError, NotFound, PermissionDenied, ValidationError
from lms.extensions import db
from lms.models import Activity, Course, Enrolment, Flag, Module, Review, Run, Submission, User
from lms.services.activities import ActivityPage, count_words, get_activity_page
from lms.services.announcements import SweepReport
from lms.services.notifications import notify_user
from lms.services.progress import ProgressResult, recompute
from lms.uploads import Upload, store

FLAG_REASONS = {"inappropriate": "Inappropriate", "plagiarism": "Plagiarism", "unhelpful": "Unhelpful"}
CLAIM_REMINDER = timedelta(minutes=30)


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
            return "This run has closed: nothing new can be submitted or reviewed."
        if self.submission is None:
            return "Submit your work. Then you will review the work of peers."
        if self.live_claim:
            return "Finish the review you have started."
        if not self.duties_done:
            left = self.must_give - self.given
            return f"Review {left} more submission{'s' if left != 1 else ''} of your peers."
        if len(self.received) < self.spec["must_receive"]:
            return "Your part is done. Your reviews are on their way; you may review more peers in the meantime."
        return "Your part is done and your reviews are in."


# --- reading --------------------------------------------------------------------------------


def _assignment(user: User, course_slug: str, module_slug: str, activity_slug: str, now: datetime) -> ActivityPage:
    page = get_activity_page(user, course_slug, module_slug, activity_slug, now=now)
    if page.activity.kind != "assignment":
        raise NotFound("This activity is not a peer-reviewed assignment.")
    return page


def _given(user_id: int, activity_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Review).join(Submission, Submission.id == Review.submission_id)
        .where(Review.reviewer_id == user_id, Review.status == "done", Review.hidden_at.is_(None),
               Submission.activity_id == activity_id)
    )


def _live_claim(user_id: int, activity_id: int, now: datetime) -> Review | None:
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
    view = AssignmentPage(page, submission, _given(user.id, page.activity.id), _live_claim(user.id, page.activity.id, now))
    if submission is not None:
        view.received = counted_reviews(submission.id)
        if view.duties_done:  # results once the learner has done their own part
            view.results = results_of(submission, view.received, page.activity.spec["rubric"])
    return view


def duties_by_assignment(enrolment_id: int, assignment_ids: list[int]) -> dict[int, Duties]:
    """Per assignment: has the learner submitted, and met their review duties?"""
    rows = db.session.execute(
        select(Submission.activity_id, Submission.duties_waived_at, Activity.spec, Enrolment.user_id)
        .join(Activity, Activity.id == Submission.activity_id)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .where(Submission.enrolment_id == enrolment_id, Submission.activity_id.in_(assignment_ids))
    ).all()
    duties = {}
    for activity_id, waived, spec, user_id in rows:
        done = waived is not None or _given(user_id, activity_id) >= spec["must_give"]
        duties[activity_id] = Duties(submitted=1, done=int(done))
    return duties


# --- submitting -----------------------------------------------------------------------------


def save_submission(
    user: User, course_slug: str, module_slug: str, activity_slug: str, *, text: str, upload: Upload | None,
    upload_dir: Path, max_bytes: int, now: datetime,
) -> AssignmentPage:
    """Create or edit the learner's submission; editing stops once a review has started."""
    view = get_assignment_page(user, course_slug, module_slug, activity_slug, now=now)
    if view.page.window_closed:
        raise DomainError("This run has closed: nothing new can be submitted.")
    if not view.editable:
        raise DomainError("A peer has started reviewing your work, so it can no longer be changed.")
    text = text.strip()
    needed, written = view.spec.get("min_words", 0), count_words(text)
    if not text or written < needed:
        raise ValidationError("text", f"Write at least {needed} words; you have {written} so far.")
    submission = view.submission or Submission(
        activity_id=view.page.activity.id, enrolment_id=view.page.place.enrolment.id, run_id=view.page.place.run.id,
        submitted_at=now,
    )
    if upload is not None:
        if not view.spec.get("attachment"):
            raise ValidationError("attachment", "This assignment takes no attachment.")
        (submission.attachment_key, submission.attachment_name, submission.attachment_type,
         submission.attachment_size) = store(upload, upload_dir, max_bytes=max_bytes)
    submission.text, submission.html, submission.updated_at = text, render_markdown(text, media=False), now
    if view.submission is None:
        try:
            with db.session.begin_nested():
                db.session.add(submission)
        except IntegrityError:
            raise DomainError("Your work was already submitted (perhaps from another window). Reload the page.") from None
    view.submission = submission
    recompute(view.page.place.enrolment, view.page.state.module, now=now)
    return view


# --- the queue ------------------------------------------------------------------------------


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
    lock_queue(view.page.activity.id)
    current = _live_claim(user.id, view.page.activity.id, now)
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
            return None, recompute(view.page.place.enrolment, view.page.state.module, now=now)
        return None, ProgressResult()
    review = _claim(chosen, user, view.page.place.enrolment.id, spec, now, volunteer=volunteer)
    return review, ProgressResult()


def _claim(submission: Submission, user: User, enrolment_id: int | None, spec: dict, now: datetime, *, volunteer: bool, by_tutor: bool = False) -> Review:
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


# --- reviewing ------------------------------------------------------------------------------


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
    row = db.session.execute(
        select(Review, Submission, Activity, Module, Course)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Activity, Activity.id == Submission.activity_id)
        .join(Module, Module.id == Activity.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(Review.id == review_id)
    ).first()
    if row is None or row[0].reviewer_id != user.id:
        raise NotFound("No such review.")
    review, submission, activity, module, course = row
    if submission.hidden_at is not None and not review.by_tutor:
        raise NotFound("This submission has been withdrawn by a tutor.")
    return ReviewPage(review, submission, activity, course, module, review.status == "claimed" and review.expires_at <= now)


def _check_rubric(
    rubric: list[dict], scores: list[int | None], comments: list[str], *, need_comments: bool = True
) -> tuple[list[int], list[str]]:
    if len(scores) != len(rubric) or len(comments) != len(rubric):
        raise ValidationError("scores", "Score every criterion.")
    clean_scores, clean_comments = [], []
    for index, criterion in enumerate(rubric):
        points = [level["points"] for level in criterion["levels"]]
        if scores[index] not in points:
            raise ValidationError(f"score-{index}", f"Choose a level for “{criterion['criterion']}”.")
        comment = (comments[index] or "").strip()
        if need_comments and len(comment) < criterion.get("min_comment", 0):
            raise ValidationError(
                f"comment-{index}",
                f"Write at least {criterion['min_comment']} characters about “{criterion['criterion']}” (you wrote {len(comment)}).")
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
    run = db.session.get(Run, page.submission.run_id)
    if run.ends_at and now >= run.ends_at and not review.by_tutor:
        raise DomainError("This run has closed: nothing new can be reviewed.")
    review.scores, review.comments = _check_rubric(page.activity.spec["rubric"], scores, comments)
    review.feedback = feedback.strip()
    review.status, review.submitted_at = "done", now
    author = db.session.scalar(select(Enrolment).where(Enrolment.id == page.submission.enrolment_id))
    notify_user(
        author.user_id, kind="review_received", key=f"review_received:{review.id}",
        payload={"course": page.course.slug, "course_title": page.course.title, "module": page.module.slug,
                 "module_title": page.module.title, "activity": page.activity.slug, "activity_title": page.activity.title},
        now=now,
    )
    result = ProgressResult()
    if review.reviewer_enrolment_id is not None:
        reviewer_enrolment = db.session.get(Enrolment, review.reviewer_enrolment_id)
        result = recompute(reviewer_enrolment, page.module, now=now)
    return page, result


def rate_review(user: User, review_id: int, helpfulness: int) -> Review:
    review, submission = _authors_review(user, review_id)
    if helpfulness not in range(1, 6):
        raise ValidationError("helpfulness", "Rate from 1 (not helpful) to 5 (very helpful).")
    review.helpfulness = helpfulness
    return review


def _authors_review(user: User, review_id: int) -> tuple[Review, Submission]:
    row = db.session.execute(
        select(Review, Submission, Enrolment.user_id)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .where(Review.id == review_id, Review.status == "done", Review.hidden_at.is_(None))
    ).first()
    if row is None or row[2] != user.id:
        raise NotFound("No such review.")
    return row[0], row[1]


def flag(user: User, review_id: int, *, target: str, reason: str, note: str, now: datetime) -> Flag:
    """A reviewer flags the submission they were given; an author flags a review they received."""
    if reason not in FLAG_REASONS:
        raise ValidationError("reason", "Choose a reason.")
    if target == "submission":
        page = get_review(user, review_id, now=now)
        submission_id, flagged_review = page.submission.id, None
    elif target == "review":
        review, submission = _authors_review(user, review_id)
        submission_id, flagged_review = submission.id, review.id
    else:
        raise NotFound("Nothing to flag.")
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


# --- tutors ---------------------------------------------------------------------------------


def _tutor_assignment(tutor: User, activity_id: int) -> tuple[Activity, Module, Course]:
    from lms.services.schedule import can_teach

    row = db.session.execute(
        select(Activity, Module, Course).join(Module, Module.id == Activity.module_id)
        .join(Course, Course.id == Module.course_id).where(Activity.id == activity_id, Activity.kind == "assignment")
    ).first()
    if row is None:
        raise NotFound("No such assignment.")
    if not can_teach(tutor, row[2].id):
        raise PermissionDenied("Only the tutors of this course can see this.")
    return row[0], row[1], row[2]


@dataclass(frozen=True)
class SubmissionLine:
    submission: Submission
    author: User
    reviews: list[Review]
    waiting_since: datetime
    disagreement: list[str]  # criteria with a wide spread

    @property
    def counted(self) -> list[Review]:
        return [r for r in self.reviews if r.status == "done" and r.hidden_at is None]


def disagreements(reviews: list[Review], rubric: list[dict]) -> list[str]:
    """Criteria where counted reviews differ by at least half the scale."""
    wide = []
    for index, criterion in enumerate(rubric):
        points = [level["points"] for level in criterion["levels"]]
        given = [r.scores[index] for r in reviews]
        if len(given) >= 2 and max(given) - min(given) >= max(1, (max(points) - min(points)) / 2):
            wide.append(criterion["criterion"])
    return wide


def assignment_overview(tutor: User, activity_id: int, run_id: int) -> tuple[Activity, Module, Course, list[SubmissionLine], list[Flag]]:
    activity, module, course = _tutor_assignment(tutor, activity_id)
    rows = db.session.execute(
        select(Submission, User).join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Submission.activity_id == activity.id, Submission.run_id == run_id).order_by(Submission.submitted_at)
    ).all()
    reviews: dict[int, list[Review]] = {}
    for review in db.session.scalars(select(Review).where(Review.submission_id.in_([s.id for s, _ in rows]))):
        reviews.setdefault(review.submission_id, []).append(review)
    lines = []
    for submission, author in rows:
        mine = reviews.get(submission.id, [])
        counted = [r for r in mine if r.status == "done" and r.hidden_at is None]
        lines.append(SubmissionLine(submission, author, mine, submission.submitted_at,
                                    disagreements(counted, activity.spec["rubric"])))
    flags = list(db.session.scalars(
        select(Flag).join(Submission, Submission.id == Flag.submission_id)
        .where(Submission.activity_id == activity.id, Submission.run_id == run_id).order_by(Flag.resolved_at.is_not(None), Flag.created_at)
    ))
    return activity, module, course, lines, flags


def get_submission_for_tutor(tutor: User, submission_id: int) -> tuple[Submission, Activity, Module, Course, User, list[Review]]:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        raise NotFound("No such submission.")
    activity, module, course = _tutor_assignment(tutor, submission.activity_id)
    author = db.session.scalar(select(User).join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.id == submission.enrolment_id))
    reviews = list(db.session.scalars(select(Review).where(Review.submission_id == submission.id).order_by(Review.id)))
    return submission, activity, module, course, author, reviews


def reviewer_names(user_ids: list[int]) -> dict[int, str]:
    """For tutors' pages only: learners never see who reviewed whom."""
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all()) if user_ids else {}


def list_assignments(course_id: int) -> list[tuple[Activity, Module]]:
    return list(db.session.execute(
        select(Activity, Module).join(Module, Module.id == Activity.module_id)
        .where(Module.course_id == course_id, Activity.kind == "assignment", Activity.archived_at.is_(None))
        .order_by(Module.position, Activity.position)
    ).all())


def claim_as_tutor(tutor: User, submission_id: int, *, now: datetime) -> Review:
    submission, activity, *_ = get_submission_for_tutor(tutor, submission_id)
    lock_queue(activity.id)  # a double click waits for the first, then finds its claim
    existing = db.session.scalar(select(Review).where(Review.submission_id == submission.id, Review.reviewer_id == tutor.id))
    if existing and existing.status == "done":
        return existing
    return _claim(submission, tutor, None, activity.spec, now, volunteer=False, by_tutor=True)


def override_result(tutor: User, submission_id: int, *, scores: list[int | None], reason: str, now: datetime) -> Submission:
    submission, activity, *_ = get_submission_for_tutor(tutor, submission_id)
    if not reason.strip():
        raise ValidationError("reason", "Give a reason: the learner will see it with the result.")
    clean, _ = _check_rubric(activity.spec["rubric"], scores, [""] * len(scores), need_comments=False)
    submission.override_scores, submission.override_reason = clean, reason.strip()
    submission.override_by_id, submission.override_at = tutor.id, now
    return submission


def moderate(tutor: User, flag_id: int, action: str, *, now: datetime) -> Flag:
    """hide / restore the flagged item, reassign (hide a review so the work goes back in the queue), or dismiss."""
    report = db.session.get(Flag, flag_id)
    if report is None:
        raise NotFound("No such flag.")
    submission = db.session.get(Submission, report.submission_id)
    _tutor_assignment(tutor, submission.activity_id)
    target = db.session.get(Review, report.review_id) if report.review_id else submission
    if action in ("hide", "reassign"):
        target.hidden_at = target.hidden_at or now
    elif action == "restore":
        target.hidden_at = None
    elif action != "dismiss":
        raise ValidationError("action", "Unknown moderation action.")
    report.resolved_at, report.resolution, report.resolved_by_id = now, {
        "hide": "hidden", "restore": "restored", "reassign": "reassigned", "dismiss": "dismissed"}[action], tutor.id
    return report


# --- sweeps (scheduler) --------------------------------------------------------------------



def escalate_unreviewed(*, now: datetime) -> SweepReport:
    """Work still short of reviews after the fallback delay joins the tutor queue."""
    report = SweepReport()
    done = select(func.count(Review.id)).where(
        Review.submission_id == Submission.id, Review.status == "done", Review.hidden_at.is_(None)).correlate(Submission).scalar_subquery()
    rows = db.session.execute(
        select(Submission, Activity.spec).join(Activity, Activity.id == Submission.activity_id)
        .where(Submission.tutor_queue_at.is_(None), Submission.hidden_at.is_(None))
        .add_columns(done.label("done"))
    ).all()
    for submission, spec, finished in rows:
        if finished < spec["must_receive"] and submission.submitted_at + timedelta(days=spec["fallback_days"]) <= now:
            submission.tutor_queue_at = now
            report.recorded += 1
    return report


def remind_expiring_claims(*, now: datetime) -> SweepReport:
    report = SweepReport()
    claims = db.session.execute(
        select(Review, Activity, Module, Course).join(Submission, Submission.id == Review.submission_id)
        .join(Activity, Activity.id == Submission.activity_id).join(Module, Module.id == Activity.module_id)
        .join(Course, Course.id == Module.course_id)
        .where(Review.status == "claimed", Review.expires_at > now, Review.expires_at <= now + CLAIM_REMINDER)
    ).all()
    for review, activity, module, course in claims:
        report.recorded += notify_user(
            review.reviewer_id, kind="claim_expiring", key=f"claim_expiring:{review.id}:{review.claimed_at:%Y%m%d%H%M}",
            payload={"course": course.slug, "course_title": course.title, "module": module.slug, "module_title": module.title,
                     "activity": activity.slug, "activity_title": activity.title, "review": review.id,
                     "expires_at": review.expires_at.isoformat()},
            now=now,
        )
    return report


def remind_open_duties(*, now: datetime, within: timedelta = timedelta(days=7)) -> SweepReport:
    """Before a run closes: learners who have not submitted or not reviewed yet."""
    report = SweepReport()
    runs = db.session.scalars(select(Run).where(Run.ends_at.is_not(None), Run.ends_at > now, Run.ends_at <= now + within))
    for run in runs:
        assignments = db.session.execute(
            select(Activity, Module, Course).join(Module, Module.id == Activity.module_id).join(Course, Course.id == Module.course_id)
            .where(Course.id == run.course_id, Activity.kind == "assignment", Activity.archived_at.is_(None), Module.archived_at.is_(None))
        ).all()
        enrolments = db.session.scalars(select(Enrolment).where(Enrolment.run_id == run.id)).all()
        for activity, module, course in assignments:
            duties = {}
            for enrolment in enrolments:
                duties[enrolment.id] = duties_by_assignment(enrolment.id, [activity.id]).get(activity.id, Duties())
            for enrolment in enrolments:
                if duties[enrolment.id].done:
                    continue
                report.recorded += notify_user(
                    enrolment.user_id, kind="review_duties", key=f"review_duties:{run.id}:{activity.id}",
                    payload={"course": course.slug, "course_title": course.title, "module": module.slug,
                             "module_title": module.title, "activity": activity.slug, "activity_title": activity.title,
                             "ends_at": run.ends_at.isoformat(), "submitted": bool(duties[enrolment.id].submitted)},
                    now=now,
                )
    return report


__all__ = [
    "AssignmentPage", "Duties", "Results", "assignment_overview", "claim_as_tutor", "claim_next", "duties_by_assignment",
    "escalate_unreviewed", "flag", "get_assignment_page", "get_review", "moderate", "override_result", "rate_review",
    "remind_expiring_claims", "remind_open_duties", "save_submission", "submit_review",
]


def attachment_for(user: User, submission_id: int) -> tuple[Submission, str]:
    """The author, anyone given the work to review, and the course's tutors may download it.
    Returns the submission and the file name to offer: reviewers get a neutral one,
    since a file name often carries its author's name."""
    from lms.services.schedule import can_teach

    row = db.session.execute(
        select(Submission, Enrolment.user_id, Module.course_id)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .join(Activity, Activity.id == Submission.activity_id).join(Module, Module.id == Activity.module_id)
        .where(Submission.id == submission_id)
    ).first()
    if row is None or row[0].attachment_key is None:
        raise NotFound("No such attachment.")
    submission, author_id, course_id = row
    holds_it = db.session.scalar(select(Review.id).where(Review.submission_id == submission.id, Review.reviewer_id == user.id))
    if user.id == author_id or can_teach(user, course_id):
        return submission, submission.attachment_name
    if holds_it and submission.hidden_at is None:
        return submission, anonymous_attachment_name(submission)
    raise NotFound("No such attachment.")


def anonymous_attachment_name(submission: Submission) -> str:
    return f"submission-{submission.id}{Path(submission.attachment_name or '').suffix}"
