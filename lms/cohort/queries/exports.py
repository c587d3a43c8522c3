"""The exports' SQL: one SELECT per export over a run, streamed a chunk of rows at a time on a
connection of its own (so the request's session is free and the export's memory stays flat),
plus the few small reads that name its columns. Read-only.

Costs (a run of n learners, m live modules, q live quizzes, s submissions): progress reads the
run's enrolments through ``ix_enrolments_run_id``, each learner's user by primary key and m rows
of ``module_progress`` by its (enrolment_id, module_id) index (the modules completed: the enrolment's count); quiz results group the run's
attempts once and join them to the n × q learner-quiz pairs; review results read the s
submissions with their counted reviews (``ix_reviews_submission_status``) and the reviews each
author gave (``ix_reviews_reviewer_id``); badges the run's assertions. No statement binds a value per learner.

Times come out as text the database writes, ``2017-10-03 14:30:00`` in UTC (``utc_text``): the
same text ``lms.core.spreadsheet`` would write, without turning half a million values into Python
datetimes and back."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, Row, Select, String, and_, case, func, select, true
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.activities.models import QuizAttempt
from lms.awards.models import Assertion
from lms.core.extensions import db
from lms.courses.models import Activity, BadgeClass, Module
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress
from lms.peer_review.models import Review, Submission

CHUNK_ROWS = 1000


def engine() -> Engine:
    """The database the exports stream from (taken while the request or command is running)."""
    return db.engine


def streamed(statement: Select, *, engine: Engine, chunk_rows: int = CHUNK_ROWS) -> Iterator[Row]:
    """The statement's rows, fetched ``chunk_rows`` at a time (a server-side cursor on PostgreSQL)
    on a connection of its own, given back when the rows end or the reader stops early."""
    with engine.connect() as connection:
        yield from connection.execution_options(yield_per=chunk_rows).execute(statement)


def utc_text(column) -> ColumnElement[str]:
    """A UTC time column (stored naive) as ``YYYY-MM-DD HH:MM:SS``, written by the database."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM-DD HH24:MI:SS", type_=String)
    return func.strftime("%Y-%m-%d %H:%M:%S", column, type_=String)


def live_modules(course_id: int) -> list[Row]:
    """(id, title) of the course's live modules, in order."""
    return db.session.execute(
        select(Module.id, Module.title).where(Module.course_id == course_id, Module.archived_at.is_(None))
        .order_by(Module.position)
    ).all()


def assignment_specs(course_id: int) -> dict[int, dict]:
    """Each peer-reviewed assignment's spec (its rubric), archived ones too: old work points at them."""
    return dict(db.session.execute(
        select(Activity.id, Activity.spec).join(Module, Module.id == Activity.module_id)
        .where(Module.course_id == course_id, Activity.kind == "assignment")
    ).all())


def _of_learners(query: Select, learners: Select | None) -> Select:
    return query if learners is None else query.where(Enrolment.user_id.in_(learners))


def progress(run_id: int, module_ids: list[int], learners: Select | None = None) -> Select:
    """Per learner in the run (not those a tutor unenrolled), in enrolment order: name, e-mail, enrolled,
    last active, live modules completed (as the enrolment keeps the count), each module's completion
    time (None if not completed), the course's completion time."""
    def completed(module_id: int):
        return (select(utc_text(ModuleProgress.completed_at))
                .where(ModuleProgress.enrolment_id == Enrolment.id, ModuleProgress.module_id == module_id)
                .correlate(Enrolment).scalar_subquery())

    query = (
        select(User.name, User.email, utc_text(Enrolment.enrolled_at), utc_text(Enrolment.last_active_at),
               Enrolment.modules_completed,
               *[completed(module_id) for module_id in module_ids], utc_text(CourseCompletion.completed_at))
        .select_from(Enrolment).join(User, User.id == Enrolment.user_id)
        .outerjoin(CourseCompletion, CourseCompletion.enrolment_id == Enrolment.id)
        .where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None)).order_by(Enrolment.id)
    )
    return _of_learners(query, learners)


def quiz_results(run_id: int, course_id: int, learners: Select | None = None) -> Select:
    """Per learner in the run (not those a tutor unenrolled; in enrolment order) and live quiz (in course
    order): name, e-mail, module, quiz, best score, attempts (0 if none), passed (None if never tried),
    last attempt."""
    tried = (
        select(QuizAttempt.enrolment_id, QuizAttempt.activity_id, func.max(QuizAttempt.score).label("best"),
               func.count().label("attempts"), func.max(case((QuizAttempt.passed, 1), else_=0)).label("passed"),
               func.max(QuizAttempt.submitted_at).label("last"))
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id).where(Enrolment.run_id == run_id)
        .group_by(QuizAttempt.enrolment_id, QuizAttempt.activity_id).subquery()
    )
    quizzes = (
        select(Activity.id, Activity.title, Module.title.label("module"), Module.position.label("module_position"),
               Activity.position).join(Module, Module.id == Activity.module_id)
        .where(Module.course_id == course_id, Module.archived_at.is_(None), Activity.archived_at.is_(None),
               Activity.kind == "quiz").subquery()
    )
    query = (
        select(User.name, User.email, quizzes.c.module, quizzes.c.title, tried.c.best,
               func.coalesce(tried.c.attempts, 0), tried.c.passed, utc_text(tried.c.last))
        .select_from(Enrolment).join(User, User.id == Enrolment.user_id).join(quizzes, true())
        .outerjoin(tried, and_(tried.c.enrolment_id == Enrolment.id, tried.c.activity_id == quizzes.c.id))
        .where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None))
        .order_by(Enrolment.id, quizzes.c.module_position, quizzes.c.position, quizzes.c.id)
    )
    return _of_learners(query, learners)


def review_results(run_id: int, learners: Select | None = None) -> Select:
    """Per submission of the run (in submission order; an unenrolled learner's work too: it was reviewed),
    once per counted review it received (done, not hidden; once with None if none): submission id,
    author's name and e-mail, module, assignment, assignment id, language, submitted, hidden, tutor's
    override scores, reviews the author gave on that assignment (done, not hidden), the review's scores."""
    given_review, of = aliased(Review), aliased(Submission)
    # Per submission, the author's reviews through the reviewer's index: a couple of rows each. "+ 0"
    # keeps SQLite (which has no statistics) from starting at every submission of the assignment.
    given = (
        select(func.count(given_review.id)).join(of, of.id == given_review.submission_id)
        .where(given_review.reviewer_id == User.id, given_review.status == "done", given_review.hidden_at.is_(None),
               of.activity_id + 0 == Submission.activity_id, of.run_id == run_id)
        .correlate(User, Submission).scalar_subquery()
    )
    counted = aliased(Review)
    query = (
        select(Submission.id, User.name, User.email, Module.title, Activity.title, Activity.id, Submission.language,
               utc_text(Submission.submitted_at), Submission.hidden_at.is_not(None), Submission.override_scores,
               given, counted.scores)
        .join(Enrolment, Enrolment.id == Submission.enrolment_id).join(User, User.id == Enrolment.user_id)
        .join(Activity, Activity.id == Submission.activity_id).join(Module, Module.id == Activity.module_id)
        .outerjoin(counted, and_(counted.submission_id == Submission.id, counted.status == "done",
                                 counted.hidden_at.is_(None)))
        .where(Submission.run_id == run_id).order_by(Submission.id, counted.id)
    )
    return _of_learners(query, learners)


def badges_issued(run_id: int, learners: Select | None = None) -> Select:
    """Per badge awarded in the run (in the order issued; an unenrolled learner's too: it stays valid):
    public id, badge, learner's name, the e-mail address it was issued to, issued, revoked, the reason
    given for revoking."""
    query = (
        select(Assertion.uid, BadgeClass.name, User.name, Assertion.recipient_email, utc_text(Assertion.issued_on),
               utc_text(Assertion.revoked_at), Assertion.revocation_reason)
        .join(BadgeClass, BadgeClass.id == Assertion.badge_class_id).join(User, User.id == Assertion.user_id)
        .where(Assertion.run_id == run_id).order_by(Assertion.issued_on, Assertion.id)
    )
    return query if learners is None else query.where(Assertion.user_id.in_(learners))
