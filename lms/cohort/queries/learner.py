"""One learner of a run, for the run's tutors: each list in one statement, whatever the run's
size (everything is found through the learner's enrolment or user id). Read-only."""

from __future__ import annotations

from sqlalchemy import Row, and_, func, select

from lms.accounts.models import User
from lms.activities.models import QuizAttempt, Reflection
from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.courses.models import Activity, BadgeClass, Module, Unit
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress, UnitProgress
from lms.notifications.models import Notification
from lms.peer_review.models import Review, Submission

NOTIFICATIONS_SHOWN = 50


def enrolled_learner(run_id: int, user_id: int) -> Row | None:
    """(enrolment id, enrolled, last active, user id, name, e-mail, course completed at, personal
    deadline), or None when the user is not enrolled in the run (or a tutor unenrolled them)."""
    return db.session.execute(
        select(Enrolment.id, Enrolment.enrolled_at, Enrolment.last_active_at, User.id, User.name, User.email,
               CourseCompletion.completed_at, Enrolment.deadline_at)
        .join(User, User.id == Enrolment.user_id)
        .outerjoin(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
        .where(Enrolment.run_id == run_id, Enrolment.user_id == user_id, Enrolment.unenrolled_at.is_(None))
    ).first()


def module_progress(enrolment_id: int, course_id: int) -> list[Row]:
    """Per live module: (module id, units done, live units, quizzes passed, reflections, assignments
    submitted, assignments done, first page done at, last page done at, completed at)."""
    units = (select(func.count(Unit.id)).where(Unit.module_id == Module.id, Unit.archived_at.is_(None))
             .correlate(Module).scalar_subquery())
    def page_done(aggregate):
        return (select(aggregate(UnitProgress.completed_at)).join(Unit, Unit.id == UnitProgress.unit_id)
                .where(UnitProgress.enrolment_id == enrolment_id, Unit.module_id == Module.id)
                .correlate(Module).scalar_subquery())

    first, last = page_done(func.min), page_done(func.max)
    return db.session.execute(
        select(Module.id, func.coalesce(ModuleProgress.units_done, 0), units,
               func.coalesce(ModuleProgress.quizzes_passed, 0), func.coalesce(ModuleProgress.reflections_done, 0),
               func.coalesce(ModuleProgress.assignments_submitted, 0), func.coalesce(ModuleProgress.assignments_done, 0),
               first, last, ModuleProgress.completed_at)
        .outerjoin(ModuleProgress, and_(ModuleProgress.module_id == Module.id, ModuleProgress.enrolment_id == enrolment_id))
        .where(Module.course_id == course_id, Module.archived_at.is_(None))
        .order_by(Module.position)
    ).all()


def quiz_attempts(enrolment_id: int) -> list[Row]:
    """(module id, quiz title, attempt number, score in percent, passed, submitted at), in course order."""
    return db.session.execute(
        select(Activity.module_id, Activity.title, QuizAttempt.number, QuizAttempt.score, QuizAttempt.passed,
               QuizAttempt.submitted_at)
        .join(Activity, Activity.id == QuizAttempt.activity_id).join(Module, Module.id == Activity.module_id)
        .where(QuizAttempt.enrolment_id == enrolment_id)
        .order_by(Module.position, Activity.position, QuizAttempt.number)
    ).all()


def reflections(enrolment_id: int) -> list[Row]:
    """(module id, reflection id, title, submitted at, updated at, characters written); the text stays
    behind (its own page shows it)."""
    return db.session.execute(
        select(Activity.module_id, Reflection.id, Activity.title, Reflection.submitted_at, Reflection.updated_at,
               func.length(Reflection.text))
        .join(Activity, Activity.id == Reflection.activity_id).join(Module, Module.id == Activity.module_id)
        .where(Reflection.enrolment_id == enrolment_id)
        .order_by(Module.position, Activity.position)
    ).all()


def submissions(enrolment_id: int) -> list[Row]:
    """The learner's peer work: (module id, submission id, activity id, title, submitted at, hidden at,
    overridden at, reviews received (done, visible))."""
    received = (select(func.count(Review.id))
                .where(Review.submission_id == Submission.id, Review.status == "done", Review.hidden_at.is_(None))
                .correlate(Submission).scalar_subquery())
    return db.session.execute(
        select(Activity.module_id, Submission.id, Activity.id, Activity.title, Submission.submitted_at, Submission.hidden_at,
               Submission.override_at, received)
        .join(Activity, Activity.id == Submission.activity_id).join(Module, Module.id == Activity.module_id)
        .where(Submission.enrolment_id == enrolment_id)
        .order_by(Module.position, Activity.position)
    ).all()


def reviews_given(enrolment_id: int) -> list[Row]:
    """Reviews the learner claimed or gave: (module id, submission id, title, status, claimed at,
    submitted at, hidden at, helpfulness rated by the author)."""
    return db.session.execute(
        select(Activity.module_id, Review.submission_id, Activity.title, Review.status, Review.claimed_at,
               Review.submitted_at, Review.hidden_at, Review.helpfulness)
        .join(Submission, Submission.id == Review.submission_id)
        .join(Activity, Activity.id == Submission.activity_id)
        .where(Review.reviewer_enrolment_id == enrolment_id)
        .order_by(Review.claimed_at, Review.id)
    ).all()


def badges(user_id: int, run_id: int) -> list[Row]:
    """(badge name, issued on, revoked at, public id) of this run, latest first."""
    return db.session.execute(
        select(BadgeClass.name, Assertion.issued_on, Assertion.revoked_at, Assertion.uid)
        .join(BadgeClass, BadgeClass.id == Assertion.badge_class_id)
        .where(Assertion.user_id == user_id, Assertion.run_id == run_id)
        .order_by(Assertion.issued_on.desc(), Assertion.id.desc())
    ).all()


def notifications(user_id: int, course_slug: str) -> list[Row]:
    """The latest notifications to the learner about this course: (kind, payload, created, read,
    e-mail state, e-mail sent at). Found by the learner's (user_id, key) index."""
    return db.session.execute(
        select(Notification.kind, Notification.payload, Notification.created_at, Notification.read_at,
               Notification.email_status, Notification.email_sent_at)
        .where(Notification.user_id == user_id, Notification.payload["course"].as_string() == course_slug)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(NOTIFICATIONS_SHOWN)
    ).all()
