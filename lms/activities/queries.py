"""Activities' read-only window onto courses, learning and accounts: whose work,
in which course, for the tutors' pages."""

from __future__ import annotations

from sqlalchemy import Integer, Row, case, cast, func, literal, null, select, union_all
from sqlalchemy.orm import aliased

from lms.accounts.models import User
from lms.activities.models import QuizAttempt, Reflection
from lms.core.access import taught_by
from lms.core.extensions import db
from lms.core.keyset import Cursor, Key, after_cursor, before_cursor, order
from lms.courses.models import Activity, Course, Module, Run
from lms.courses.services.content import join_activity_context
from lms.learning.models import Enrolment

ANSWERED_HERE = ("quiz", "reflection")  # the kinds answered on activities' pages (not peer work, not discussions)


def reflection_with_author(reflection_id: int) -> Row | None:
    """(reflection, activity, author, course id)."""
    return db.session.execute(
        join_activity_context(select(Reflection, Activity, User, Module.course_id), Reflection.activity_id)
        .join(Enrolment, Enrolment.id == Reflection.enrolment_id)
        .join(User, User.id == Enrolment.user_id)
        .where(Reflection.id == reflection_id)
    ).first()


def quizzes_and_reflections(course_id: int) -> list[Activity]:
    """The live quizzes and reflections of a course's live modules, in course order."""
    return list(db.session.scalars(
        select(Activity).join(Module, Module.id == Activity.module_id)
        .where(Module.course_id == course_id, Module.archived_at.is_(None), Activity.archived_at.is_(None),
               Activity.kind.in_(ANSWERED_HERE))
        .order_by(Module.position, Activity.position)
    ))


def run_learners(run_id: int) -> list[Row]:
    """(enrolment, user) of everyone in the run, by name."""
    return db.session.execute(
        select(Enrolment, User).join(User, User.id == Enrolment.user_id)
        .where(Enrolment.run_id == run_id).order_by(User.name)
    ).all()


def taught_run(user, course_slug: str, run_slug: str) -> Row | None:
    """(course, run, may ``user`` teach it) in one statement: ``taught_by`` is ``can_teach`` as SQL."""
    return db.session.execute(
        select(Course, Run, taught_by(user, Course.id).label("teaches")).join(Run, Run.course_id == Course.id)
        .where(Course.slug == course_slug, Run.slug == run_slug).limit(1)
    ).first()


def activities_with_totals(course_id: int, run_id: int) -> list[Row]:
    """(activity, learners who tried, attempts, learners who passed, reflections) for each live quiz and
    reflection of the course, in course order, counted over the whole run by the database. A learner's
    first attempt is number 1 and a passed quiz takes no more attempts, so counting attempts numbered 1
    counts the learners who tried, and counting passed attempts the learners who passed."""
    quizzes = (
        select(QuizAttempt.activity_id, func.count(case((QuizAttempt.number == 1, 1))).label("tried"),
               func.count().label("attempts"), func.count(case((QuizAttempt.passed, 1))).label("passed"))
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id).where(Enrolment.run_id == run_id)
        .group_by(QuizAttempt.activity_id).subquery()
    )
    reflections = (
        select(Reflection.activity_id, func.count().label("written"))
        .join(Enrolment, Enrolment.id == Reflection.enrolment_id).where(Enrolment.run_id == run_id)
        .group_by(Reflection.activity_id).subquery()
    )
    return db.session.execute(
        select(Activity, func.coalesce(quizzes.c.tried, 0), func.coalesce(quizzes.c.attempts, 0),
               func.coalesce(quizzes.c.passed, 0), func.coalesce(reflections.c.written, 0))
        .join(Module, Module.id == Activity.module_id)
        .outerjoin(quizzes, quizzes.c.activity_id == Activity.id)
        .outerjoin(reflections, reflections.c.activity_id == Activity.id)
        .where(Module.course_id == course_id, Module.archived_at.is_(None), Activity.archived_at.is_(None),
               Activity.kind.in_(ANSWERED_HERE))
        .order_by(Module.position, Activity.position)
    ).all()


def _learner_keys(run_id: int, cursor: Cursor) -> list[Key]:
    """A run's learners by name, then enrolment (two Ada Lovelaces keep their places)."""
    at, who = aliased(Enrolment), aliased(User)
    name_at = select(who.name).join(at, at.user_id == who.id).where(at.id == cursor.row_id, at.run_id == run_id)
    return [(User.name, name_at.correlate(None).scalar_subquery()), (Enrolment.id, literal(cursor.row_id, Integer))]


def count_learners(run_id: int, cursor: Cursor) -> Row:
    """(learners in the run, learners before the cursor row, is the cursor one of them)."""
    keys = _learner_keys(run_id, cursor)
    found = select(Enrolment.id).where(Enrolment.id == cursor.row_id, Enrolment.run_id == run_id).exists()
    return db.session.execute(
        select(func.count(), func.count(case((before_cursor(keys, cursor), 1))), found.label("found"))
        .select_from(Enrolment).join(User, User.id == Enrolment.user_id).where(Enrolment.run_id == run_id)
    ).one()


def learners_with_answers(run_id: int, cursor: Cursor, size: int) -> list[Row]:
    """One page of the run's learners in the list's order, each with what they answered: (enrolment id,
    name, e-mail, activity id, best score, passed, attempts, reflection id), a row per learner and activity
    answered, or one row of None for a learner who answered nothing. The page is picked once (a CTE), its
    quiz attempts summed up per learner by the database; reflections come by id (their text stays behind).
    ``IN (page)`` rather than a join: the planner then seeks each learner's rows instead of scanning them all."""
    keys = _learner_keys(run_id, cursor)
    query = select(Enrolment.id, User.name, User.email).join(User, User.id == Enrolment.user_id).where(Enrolment.run_id == run_id)
    if (page_of := after_cursor(keys, cursor)) is not None:
        query = query.where(page_of)
    page = query.order_by(*order(keys, cursor)).limit(size).cte("page")
    quizzes = (
        select(QuizAttempt.enrolment_id, QuizAttempt.activity_id, func.max(QuizAttempt.score).label("best"),
               func.max(case((QuizAttempt.passed, 1), else_=0)).label("passed"), func.count().label("attempts"),
               cast(null(), Integer).label("reflection_id"))
        .where(QuizAttempt.enrolment_id.in_(select(page.c.id))).group_by(QuizAttempt.enrolment_id, QuizAttempt.activity_id)
    )
    reflections = (select(Reflection.enrolment_id, Reflection.activity_id, cast(null(), Integer), cast(null(), Integer),
                          cast(null(), Integer), Reflection.id).where(Reflection.enrolment_id.in_(select(page.c.id))))
    answers = union_all(quizzes, reflections).subquery()
    return db.session.execute(
        select(page.c.id, page.c.name, page.c.email, answers.c.activity_id, answers.c.best, answers.c.passed,
               answers.c.attempts, answers.c.reflection_id)
        .select_from(page).outerjoin(answers, answers.c.enrolment_id == page.c.id).order_by(page.c.name, page.c.id)
    ).all()
