"""Peer review's read-only window onto courses, learning and accounts: which
assignment, course and run a submission or review belongs to, and whose it is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Integer, Row, Select, and_, case, func, literal, select, true
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.core.access import taught_by
from lms.core.extensions import db
from lms.core.keyset import Cursor, Key, after_cursor, before_cursor, order
from lms.courses.models import Activity, Course, Module, Run
from lms.courses.services.content import join_activity_context
from lms.learning.models import Enrolment
from lms.peer_review.models import Flag, Review, Submission


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
    """The run's learners (not those a tutor unenrolled)."""
    return list(db.session.scalars(select(Enrolment).where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None))))


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


# The assignment's tutor page: every list one keyset page, every count from SQL, whatever the cohort.

def tutor_assignment_context(user, course_slug: str, run_slug: str, activity_id: int) -> Row | None:
    """(course, run, may ``user`` teach it, the assignment, its module) in one statement; the
    assignment and module are None unless ``activity_id`` is a peer-reviewed assignment of this course."""
    return db.session.execute(
        select(Course, Run, taught_by(user, Course.id).label("teaches"), Activity, Module)
        .join(Run, Run.course_id == Course.id)
        .outerjoin(Activity, and_(Activity.id == activity_id, Activity.kind == "assignment"))
        .outerjoin(Module, and_(Module.id == Activity.module_id, Module.course_id == Course.id))
        .where(Course.slug == course_slug, Run.slug == run_slug).limit(1)
    ).first()


def _counted(submission_id) -> ColumnElement[int]:
    """How many finished, visible reviews the submission has (a correlated count)."""
    return (select(func.count()).select_from(Review)
            .where(Review.submission_id == submission_id, Review.status == "done", Review.hidden_at.is_(None))
            .scalar_subquery())


def _submission_keys(columns, cursor: Cursor) -> list[Key]:
    """Submissions by the time they came in (the longest waiting first), then id."""
    at = aliased(Submission)
    when = select(at.submitted_at).where(at.id == cursor.row_id).correlate(None).scalar_subquery()
    return [(columns.submitted_at, when), (columns.id, literal(cursor.row_id, Integer))]


def _flag_keys(cursor: Cursor) -> list[Key]:
    """Open reports first, then by when they came, then id."""
    at = aliased(Flag)

    def at_cursor(column) -> ColumnElement:
        return select(column).where(at.id == cursor.row_id).correlate(None).scalar_subquery()

    return [(case((Flag.resolved_at.is_(None), 0), else_=1), at_cursor(case((at.resolved_at.is_(None), 0), else_=1))),
            (Flag.created_at, at_cursor(at.created_at)), (Flag.id, literal(cursor.row_id, Integer))]


def _flags_of(activity_id: int, run_id: int, *columns) -> Select:
    """The reports on the assignment's work in the run (``columns``, or the flags themselves)."""
    return (select(*(columns or (Flag,))).select_from(Flag).join(Submission, Submission.id == Flag.submission_id)
            .where(Submission.activity_id == activity_id, Submission.run_id == run_id))


def assignment_counts(activity_id: int, run_id: int, *, must_receive: int, submissions: Cursor, queue: Cursor,
                      flags: Cursor) -> Row:
    """Every count of the tutor page in one statement, and where each list's cursor row stands. The
    submissions are read once, each with its count of finished, visible reviews (a grouped join)."""
    counted = and_(Review.submission_id == Submission.id, Review.status == "done", Review.hidden_at.is_(None))
    work = (select(Submission.id, Submission.submitted_at, Submission.hidden_at, Submission.tutor_queue_at,
                   func.count(Review.id).label("counted"))
            .outerjoin(Review, counted).where(Submission.activity_id == activity_id, Submission.run_id == run_id)
            .group_by(Submission.id, Submission.submitted_at, Submission.hidden_at, Submission.tutor_queue_at).subquery())
    waiting = and_(work.c.hidden_at.is_(None), work.c.counted < must_receive)
    queued = and_(work.c.tutor_queue_at.is_not(None), waiting)
    of_work = select(
        func.count().label("submissions"),
        func.count(case((before_cursor(_submission_keys(work.c, submissions), submissions), 1))).label("submissions_before"),
        func.count(case((work.c.id == submissions.row_id, 1))).label("submissions_found"),
        func.count(case((work.c.hidden_at.is_not(None), 1))).label("hidden"),
        func.count(case((waiting, 1))).label("waiting"),
        func.min(case((waiting, work.c.submitted_at))).label("waiting_since"),
        func.count(case((queued, 1))).label("queue"),
        func.count(case((and_(queued, before_cursor(_submission_keys(work.c, queue), queue)), 1))).label("queue_before"),
        func.count(case((and_(queued, work.c.id == queue.row_id), 1))).label("queue_found"),
    ).select_from(work).subquery()
    of_flags = _flags_of(
        activity_id, run_id, func.count().label("flags"), func.count(case((Flag.resolved_at.is_(None), 1))).label("flags_open"),
        func.count(case((before_cursor(_flag_keys(flags), flags), 1))).label("flags_before"),
        func.count(case((Flag.id == flags.row_id, 1))).label("flags_found"),
    ).subquery()
    return db.session.execute(select(of_work, of_flags).select_from(of_work).join(of_flags, true())).one()


def submissions_page(activity_id: int, run_id: int, cursor: Cursor, size: int, *, criteria: int, now: datetime) -> list[Row]:
    """One page of the assignment's submissions in the run, oldest first: (id, submitted at, hidden at,
    in the tutor queue since, overridden at, author, counted reviews, live claims, then per criterion the
    spread of the counted reviews' scores). Reviews are summed up by the database for this page only."""
    keys = _submission_keys(Submission, cursor)
    query = (select(Submission.id, Submission.submitted_at, Submission.hidden_at, Submission.tutor_queue_at,
                    Submission.override_at, User.name.label("author"))
             .join(Enrolment, Enrolment.id == Submission.enrolment_id).join(User, User.id == Enrolment.user_id)
             .where(Submission.activity_id == activity_id, Submission.run_id == run_id))
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    page = query.order_by(*order(keys, cursor)).limit(size).subquery()
    counted = and_(Review.status == "done", Review.hidden_at.is_(None))
    spreads = [func.max(case((counted, Review.scores[i].as_integer()))) - func.min(case((counted, Review.scores[i].as_integer())))
               for i in range(criteria)]
    return db.session.execute(
        select(page, func.count(case((counted, 1))).label("counted"),
               func.count(case((and_(Review.status == "claimed", Review.expires_at > now), 1))).label("live_claims"), *spreads)
        .select_from(page).outerjoin(Review, Review.submission_id == page.c.id)
        .group_by(*page.c).order_by(page.c.submitted_at, page.c.id)
    ).all()


def queue_page(activity_id: int, run_id: int, cursor: Cursor, size: int, *, must_receive: int) -> list[Row]:
    """One page of the tutor queue (visible work still short of reviews after the delay), the longest
    waiting first: (submission id, submitted at, author, counted reviews)."""
    keys, counted = _submission_keys(Submission, cursor), _counted(Submission.id)
    query = (select(Submission.id, Submission.submitted_at, User.name.label("author"), counted.label("counted"))
             .join(Enrolment, Enrolment.id == Submission.enrolment_id).join(User, User.id == Enrolment.user_id)
             .where(Submission.activity_id == activity_id, Submission.run_id == run_id, Submission.tutor_queue_at.is_not(None),
                    Submission.hidden_at.is_(None), counted < must_receive))
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    rows = db.session.execute(query.order_by(*order(keys, cursor)).limit(size)).all()
    return rows[::-1] if cursor.backwards else rows


def flags_page(activity_id: int, run_id: int, cursor: Cursor, size: int) -> list[Row]:
    """One page of the reports on the assignment's work in the run, open ones first: (flag, is what it
    reports hidden now)."""
    hidden = case((Flag.review_id.is_not(None), Review.hidden_at.is_not(None)), else_=Submission.hidden_at.is_not(None))
    keys = _flag_keys(cursor)
    query = _flags_of(activity_id, run_id).add_columns(hidden.label("hidden")).outerjoin(Review, Review.id == Flag.review_id)
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    rows = db.session.execute(query.order_by(*order(keys, cursor)).limit(size)).all()
    return rows[::-1] if cursor.backwards else rows
