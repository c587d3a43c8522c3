"""Peer review's read-only window onto courses, learning and accounts: which
assignment, course and run a submission or review belongs to, and whose it is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select

from lms.accounts.models import User
from lms.core.extensions import db
from lms.courses.models import Activity, Course, Module, Run
from lms.courses.services.content import join_activity_context
from lms.learning.models import Enrolment
from lms.peer_review.models import Review, Submission


def get_run(run_id: int) -> Run:
    return db.session.get(Run, run_id)


def get_enrolment(enrolment_id: int) -> Enrolment | None:
    return db.session.get(Enrolment, enrolment_id)


def submissions_with_spec(enrolment_id: int, assignment_ids: list[int]) -> list[Row]:
    """(assignment id, duties waived at, assignment spec, author's user id) of a learner's submissions."""
    return db.session.execute(
        select(Submission.activity_id, Submission.duties_waived_at, Activity.spec, Enrolment.user_id)
        .join(Activity, Activity.id == Submission.activity_id)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .where(Submission.enrolment_id == enrolment_id, Submission.activity_id.in_(assignment_ids))
    ).all()


def review_in_context(review_id: int) -> Row | None:
    """(review, submission, assignment, module, course)."""
    return db.session.execute(
        join_activity_context(select(Review, Submission, Activity, Module, Course)
                              .join(Submission, Submission.id == Review.submission_id), Submission.activity_id)
        .where(Review.id == review_id)
    ).first()


def counted_review_with_author(review_id: int) -> Row | None:
    """(review, submission, the author's user id) of a finished, visible review."""
    return db.session.execute(
        select(Review, Submission, Enrolment.user_id)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .where(Review.id == review_id, Review.status == "done", Review.hidden_at.is_(None))
    ).first()


def submission_with_author_and_course(submission_id: int) -> Row | None:
    """(submission, the author's user id, course id)."""
    return db.session.execute(
        join_activity_context(select(Submission, Enrolment.user_id, Module.course_id), Submission.activity_id)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .where(Submission.id == submission_id)
    ).first()


def waiting_submissions_with_spec(done_count) -> list[Row]:
    """(submission, spec, finished reviews) of visible work not yet in the tutor queue."""
    return db.session.execute(
        select(Submission, Activity.spec).join(Activity, Activity.id == Submission.activity_id)
        .where(Submission.tutor_queue_at.is_(None), Submission.hidden_at.is_(None))
        .add_columns(done_count)
    ).all()


def claims_expiring_between(start: datetime, end: datetime) -> list[Row]:
    """(review, assignment, module, course) of live claims that expire in (start, end]."""
    return db.session.execute(
        join_activity_context(select(Review, Activity, Module, Course)
                              .join(Submission, Submission.id == Review.submission_id), Submission.activity_id)
        .where(Review.status == "claimed", Review.expires_at > start, Review.expires_at <= end)
    ).all()


def runs_closing_between(start: datetime, end: datetime) -> list[Run]:
    return list(db.session.scalars(select(Run).where(Run.ends_at.is_not(None), Run.ends_at > start, Run.ends_at <= end)))


def live_assignments_of(course_id: int) -> list[Row]:
    """(assignment, module, course) of the course's live peer-reviewed assignments."""
    return db.session.execute(
        select(Activity, Module, Course).join(Module, Module.id == Activity.module_id).join(Course, Course.id == Module.course_id)
        .where(Course.id == course_id, Activity.kind == "assignment", Activity.archived_at.is_(None), Module.archived_at.is_(None))
    ).all()


def enrolments_of(run_id: int) -> list[Enrolment]:
    return list(db.session.scalars(select(Enrolment).where(Enrolment.run_id == run_id)))


def assignment_in_context(activity_id: int) -> Row | None:
    """(assignment, module, course)."""
    return db.session.execute(
        select(Activity, Module, Course).join(Module, Module.id == Activity.module_id)
        .join(Course, Course.id == Module.course_id).where(Activity.id == activity_id, Activity.kind == "assignment")
    ).first()


def submissions_with_authors(activity_id: int, run_id: int) -> list[Row]:
    """(submission, author) of one assignment in one run, oldest first."""
    return db.session.execute(
        select(Submission, User).join(Enrolment, Enrolment.id == Submission.enrolment_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Submission.activity_id == activity_id, Submission.run_id == run_id).order_by(Submission.submitted_at)
    ).all()


def author_of(submission: Submission) -> User:
    return db.session.scalar(select(User).join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.id == submission.enrolment_id))


def names_of(user_ids: list[int]) -> dict[int, str]:
    return dict(db.session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())
