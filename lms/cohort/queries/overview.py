"""The run's overview and modules table as aggregate SQL: a handful of statements whatever the
cohort's size, none binding a parameter per learner. Read-only.

A learner's activity is every time-stamped thing they did in the run: the last page read
(``enrolments.last_active_at``), pages marked done, quiz attempts, reflections written or edited,
work submitted or edited, reviews claimed or given. "Started" is any of it, "active in the last
7 days" any of it since then, and the weekly chart counts the learners with any of it in each week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import (ColumnElement, Float, Integer, Row, and_, case, func, literal, literal_column, null, select,
                        union_all)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from lms.activities.models import QuizAttempt, Reflection
from lms.awards.models import Assertion, Certificate
from lms.core.db import UTCDateTime
from lms.core.extensions import db
from lms.courses.models import Activity, Module
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress, UnitProgress
from lms.peer_review.models import Review, Submission

# What a row of ``run_activity`` counts (its first column).
LEARNERS, WEEK_ACTIVE, WEEK_COMPLETIONS, MODULE = 0, 1, 2, 3


class seconds_between(FunctionElement):  # noqa: N801  (used like a SQL function)
    """``seconds_between(later, earlier)``: the seconds from one instant to the other, in SQL."""

    type = Float()
    name = "seconds_between"
    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"((julianday({later}) - julianday({earlier})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw) -> str:
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS DOUBLE PRECISION)"


def _const(value: int) -> ColumnElement[int]:
    """A number written into the SQL (not a parameter): the kind of a row in a UNION."""
    return literal_column(str(int(value)), Integer)


def _of_run(query, enrolment_id: ColumnElement[int], run_id: int):
    """``query`` limited to the learners in the run now (not those a tutor unenrolled)."""
    return query.join(Enrolment, Enrolment.id == enrolment_id).where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None))


def activity_events(run_id: int):
    """(enrolment id, at) for everything the run's learners did, as a CTE."""
    return union_all(
        select(Enrolment.id.label("enrolment_id"), Enrolment.last_active_at.label("at"))
        .where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None), Enrolment.last_active_at.is_not(None)),
        _of_run(select(UnitProgress.enrolment_id, UnitProgress.completed_at), UnitProgress.enrolment_id, run_id),
        _of_run(select(QuizAttempt.enrolment_id, QuizAttempt.submitted_at), QuizAttempt.enrolment_id, run_id),
        _of_run(select(Reflection.enrolment_id, Reflection.updated_at), Reflection.enrolment_id, run_id),
        _of_run(select(Reflection.enrolment_id, Reflection.submitted_at), Reflection.enrolment_id, run_id),
        _of_run(select(Submission.enrolment_id, Submission.updated_at), Submission.enrolment_id, run_id),
        _of_run(select(Submission.enrolment_id, Submission.submitted_at), Submission.enrolment_id, run_id),
        _of_run(select(Review.reviewer_enrolment_id, Review.claimed_at), Review.reviewer_enrolment_id, run_id),
        _of_run(select(Review.reviewer_enrolment_id, Review.submitted_at), Review.reviewer_enrolment_id, run_id)
        .where(Review.submitted_at.is_not(None)),
    ).cte("events")


def _week_of(at: ColumnElement[datetime], bounds: Sequence[datetime]) -> ColumnElement[int]:
    """The week (0, 1, ...) an instant falls in, ``bounds`` being the weeks' starts and the last one's
    end; -1 before them, the number of weeks after. A binary search in nested CASEs: a handful of
    comparisons a row however long the run (the weeks are not 7 x 24 hours across daylight saving)."""
    weeks = len(bounds) - 1
    if weeks < 1:
        return _const(-1)

    def within(low: int, high: int) -> ColumnElement[int]:
        if high - low == 1:
            return _const(low)
        middle = (low + high) // 2
        return case((at < bounds[middle], within(low, middle)), else_=within(middle, high))

    return case((at < bounds[0], _const(-1)), (at >= bounds[weeks], _const(weeks)), else_=within(0, weeks))


def _in_window(at: ColumnElement[datetime], bounds: Sequence[datetime]) -> ColumnElement[bool]:
    return and_(at >= bounds[0], at < bounds[-1])


def run_activity(run_id: int, course_id: int, *, since: datetime, bounds: Sequence[datetime]) -> list[Row]:
    """(kind, key, a, b) rows, in one statement:
    (LEARNERS, None, started, active since ``since``) once; (WEEK_ACTIVE, week, active learners, None)
    and (WEEK_COMPLETIONS, week, module completions, None) for each week of ``bounds`` that has any;
    (MODULE, module id, learners who started it, learners who completed it) for each module with any.
    The events are read once, into (learner, week, last instant) rows kept for the three counts."""
    events = activity_events(run_id)
    bucketed = select(events.c.enrolment_id, _week_of(events.c.at, bounds).label("week"), events.c.at).subquery()
    weeks = (select(bucketed.c.enrolment_id, bucketed.c.week, func.max(bucketed.c.at).label("last"))
             .group_by(bucketed.c.enrolment_id, bucketed.c.week).cte("active_weeks").prefix_with("MATERIALIZED"))
    parts = [select(_const(LEARNERS), null(), func.count(weeks.c.enrolment_id.distinct()),
                    func.count(case((weeks.c.last >= since, weeks.c.enrolment_id)).distinct()))]
    if len(bounds) > 1:
        parts.append(select(_const(WEEK_ACTIVE), weeks.c.week, func.count(), null())
                     .where(weeks.c.week >= 0, weeks.c.week < len(bounds) - 1).group_by(weeks.c.week))
        done = (_of_run(select(_week_of(ModuleProgress.completed_at, bounds).label("week")), ModuleProgress.enrolment_id, run_id)
                .join(Module, Module.id == ModuleProgress.module_id)
                .where(Module.course_id == course_id, Module.archived_at.is_(None),
                       _in_window(ModuleProgress.completed_at, bounds)).subquery())
        parts.append(select(_const(WEEK_COMPLETIONS), done.c.week, func.count(), null()).group_by(done.c.week))
    parts.append(_of_run(select(_const(MODULE), ModuleProgress.module_id, func.count(), func.count(ModuleProgress.completed_at)),
                         ModuleProgress.enrolment_id, run_id).group_by(ModuleProgress.module_id))
    return db.session.execute(union_all(*parts)).all()


def _counted_reviews(submission_id: ColumnElement[int]) -> ColumnElement[int]:
    """Finished, visible reviews of a submission (a correlated count, by ix_reviews_submission_status)."""
    return (select(func.count()).select_from(Review)
            .where(Review.submission_id == submission_id, Review.status == "done", Review.hidden_at.is_(None))
            .scalar_subquery())


def _assignments():
    """(activity id, reviews its work must receive) of every live assignment, read out of the JSON spec
    once per statement (a materialized CTE), not once per piece of work."""
    return (select(Activity.id.label("activity_id"), Activity.spec["must_receive"].as_integer().label("must_receive"))
            .where(Activity.kind == "assignment", Activity.archived_at.is_(None))
            .cte("assignments").prefix_with("MATERIALIZED"))


def run_totals(run_id: int) -> Row:
    """(enrolled, course completions, badges held, certificates held, peer work waiting for reviews,
    since when the longest waiting has waited) in one statement. Waiting: visible work short of the
    reviews its assignment asks for, as on the assignment's tutor page."""
    enrolled = count_enrolled_statement(run_id).scalar_subquery()
    completions = _of_run(select(func.count()).select_from(CourseCompletion), CourseCompletion.enrolment_id, run_id).scalar_subquery()
    badges = (select(func.count()).select_from(Assertion)
              .where(Assertion.run_id == run_id, Assertion.revoked_at.is_(None)).scalar_subquery())
    certificates = (select(func.count()).select_from(Certificate)
                    .where(Certificate.run_id == run_id, Certificate.revoked_at.is_(None)).scalar_subquery())
    assignments = _assignments()
    waiting = (select(func.count().label("waiting"), func.min(Submission.submitted_at).label("since"))
               .select_from(Submission).join(assignments, assignments.c.activity_id == Submission.activity_id)
               .where(Submission.run_id == run_id, Submission.hidden_at.is_(None),
                      _counted_reviews(Submission.id) < assignments.c.must_receive)
               .subquery())
    return db.session.execute(select(enrolled, completions, badges, certificates, waiting.c.waiting, waiting.c.since)).one()


def count_enrolled_statement(run_id: int):
    return select(func.count()).select_from(Enrolment).where(Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None))


def count_enrolled(run_id: int) -> int:
    return db.session.scalar(count_enrolled_statement(run_id))


def _opening(openings: dict[int, datetime], self_paced_start: datetime | None) -> ColumnElement[datetime]:
    """A module's opening as SQL: ``openings`` by module id (one parameter per module); for the other
    modules of a self-paced run, the learner's enrolment (not before the run starts); else NULL."""
    fallback = null()
    if self_paced_start is not None:
        start = literal(self_paced_start, UTCDateTime())
        fallback = case((Enrolment.enrolled_at > start, Enrolment.enrolled_at), else_=start)
    whens = [(ModuleProgress.module_id == module_id, literal(at, UTCDateTime())) for module_id, at in openings.items()]
    return case(*whens, else_=fallback) if whens else fallback


def module_progress(run_id: int, openings: dict[int, datetime], *, self_paced_start: datetime | None,
                    dialect: str) -> list[Row]:
    """(module id, learners who started it, learners who completed it, median seconds from the module's
    opening to completion) per module with any progress in the run, in one statement (``_opening`` says
    when a module opened). The median: percentile_cont on PostgreSQL; on SQLite the middle one or
    two of each module's times, numbered by window functions."""
    seconds = seconds_between(ModuleProgress.completed_at, _opening(openings, self_paced_start))
    if dialect == "postgresql":
        median = func.percentile_cont(0.5).within_group(seconds)
        return db.session.execute(
            _of_run(select(ModuleProgress.module_id, func.count(), func.count(ModuleProgress.completed_at), median),
                    ModuleProgress.enrolment_id, run_id).group_by(ModuleProgress.module_id)
        ).all()
    ranked = _of_run(select(
        ModuleProgress.module_id, ModuleProgress.completed_at, seconds.label("seconds"),
        func.row_number().over(partition_by=ModuleProgress.module_id, order_by=(seconds.is_(None), seconds)).label("place"),
        func.count(seconds).over(partition_by=ModuleProgress.module_id).label("timed"),
    ), ModuleProgress.enrolment_id, run_id).subquery()
    middle = and_(ranked.c.seconds.is_not(None),
                  ranked.c.place.in_([(ranked.c.timed + 1) // 2, (ranked.c.timed + 2) // 2]))
    return db.session.execute(
        select(ranked.c.module_id, func.count(), func.count(ranked.c.completed_at), func.avg(case((middle, ranked.c.seconds))))
        .group_by(ranked.c.module_id)
    ).all()


def activities_with_counts(course_id: int, run_id: int) -> list[Row]:
    """(id, module id, kind, title, a, b, c) for each live activity of the course's live modules, in
    course order, with what the run's learners did, counted by the database in one statement:
    a quiz: (learners who tried, attempts, learners who passed): a first attempt is number 1 and a
    passed quiz takes no more attempts; a reflection: (reflections written, None, None); an assignment:
    (work submitted, visible work with every review it asks for, visible work short of its reviews in
    the tutor queue). Activities nobody answered have None."""
    quizzes = _of_run(select(
        QuizAttempt.activity_id.label("activity_id"), func.count(case((QuizAttempt.number == 1, 1))).label("a"),
        func.count().label("b"), func.count(case((QuizAttempt.passed, 1))).label("c")),
        QuizAttempt.enrolment_id, run_id).group_by(QuizAttempt.activity_id)
    reflections = _of_run(select(Reflection.activity_id, func.count(), null(), null()),
                          Reflection.enrolment_id, run_id).group_by(Reflection.activity_id)
    counted = _counted_reviews(Submission.id)
    assignments = _assignments()
    reviewed = and_(Submission.hidden_at.is_(None), counted >= assignments.c.must_receive)
    queued = and_(Submission.hidden_at.is_(None), Submission.tutor_queue_at.is_not(None), counted < assignments.c.must_receive)
    work = (select(Submission.activity_id, func.count(), func.count(case((reviewed, 1))), func.count(case((queued, 1))))
            .join(assignments, assignments.c.activity_id == Submission.activity_id)
            .where(Submission.run_id == run_id).group_by(Submission.activity_id))
    counts = union_all(quizzes, reflections, work).cte("counts").prefix_with("MATERIALIZED")  # counted once, then joined
    return db.session.execute(
        select(Activity.id, Activity.module_id, Activity.kind, Activity.title, counts.c.a, counts.c.b, counts.c.c)
        .join(Module, Module.id == Activity.module_id)
        .outerjoin(counts, counts.c.activity_id == Activity.id)
        .where(Module.course_id == course_id, Module.archived_at.is_(None), Activity.archived_at.is_(None))
        .order_by(Module.position, Activity.position, Activity.id)
    ).all()
