"""Quiz item analysis as aggregate SQL: how often each option was chosen and each question
answered right, counted by the database from the attempts' JSON answers in one statement.
Read-only.

An attempt stores its answers as a JSON array with one array of chosen option indexes per
question, each sorted (``[[0], [0, 2]]``). The database unnests them with its own JSON functions
(SQLite: ``json_each``; PostgreSQL: ``json_array_elements ... WITH ORDINALITY`` and
``json_array_elements_text``) into one row per attempt, question and chosen option, and counts:
no attempt is read into Python."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, Row, and_, case, cast, false, func, literal_column, null, or_, select, true, union_all

from lms.activities.models import QuizAttempt
from lms.core.extensions import db
from lms.courses.models import Activity, Module
from lms.learning.models import Enrolment

# What a row of ``item_counts`` counts (its first column).
CHOSEN, RIGHT, ATTEMPTS = 0, 1, 2


def quiz_of_course(course_id: int, activity_id: int) -> Row | None:
    """(id, title, spec, module title) of a live quiz of the course's live modules, or None."""
    return db.session.execute(
        select(Activity.id, Activity.title, Activity.spec, Module.title.label("module_title"))
        .join(Module, Module.id == Activity.module_id)
        .where(Activity.id == activity_id, Activity.kind == "quiz", Activity.archived_at.is_(None),
               Module.course_id == course_id, Module.archived_at.is_(None))
    ).first()


def _attempts(activity_id: int, run_id: int, *, first_only: bool):
    """The attempts counted: the run's learners' (not those a tutor unenrolled), first ones or all."""
    query = (select(QuizAttempt.id, QuizAttempt.answers, QuizAttempt.passed)
             .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
             .where(QuizAttempt.activity_id == activity_id, Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None)))
    return query.where(QuizAttempt.number == 1) if first_only else query


def _chosen(attempts, dialect: str):
    """One row per attempt, question and chosen option: (attempt, passed, question, option), 0-based."""
    if dialect == "postgresql":
        questions = func.json_array_elements(attempts.c.answers).table_valued("value", with_ordinality="place", name="q").render_derived()
        options = func.json_array_elements_text(questions.c.value).table_valued("value", name="o").render_derived()
        question, option = questions.c.place - 1, cast(options.c.value, Integer)
    else:
        questions = func.json_each(attempts.c.answers).table_valued("key", "value", name="q")
        options = func.json_each(questions.c.value).table_valued("value", name="o")
        question, option = questions.c.key, options.c.value
    return (select(attempts.c.id.label("attempt"), attempts.c.passed, question.label("question"), option.label("option"))
            .select_from(attempts).join(questions, true()).join(options, true()))


def _is_right(question: ColumnElement[int], option: ColumnElement[int], right: Sequence[Sequence[int]]) -> ColumnElement[bool]:
    """Is this option one of the question's right ones (``right``: per question, its right options)?"""
    return or_(false(), *(and_(question == number, option.in_(list(options))) for number, options in enumerate(right) if options))


def _right_count(question: ColumnElement[int], right: Sequence[Sequence[int]]) -> ColumnElement[int]:
    return case(*((question == number, len(options)) for number, options in enumerate(right)), else_=-1)


def item_counts(activity_id: int, run_id: int, right: Sequence[Sequence[int]], *, first_only: bool, dialect: str) -> list[Row]:
    """(kind, question, option, count, count among passing attempts) rows, in one statement:
    (CHOSEN, q, o, attempts that chose option o of question q, of them passing);
    (RIGHT, q, None, attempts that chose exactly the right options of q, of them passing);
    (ATTEMPTS, None, None, attempts counted, of them passing).
    ``right`` lists each question's right options as the quiz says now."""
    attempts = _attempts(activity_id, run_id, first_only=first_only).cte("counted")
    chosen = _chosen(attempts, dialect).cte("chosen")
    per_answer = (select(chosen.c.attempt, chosen.c.passed, chosen.c.question, func.count().label("picked"),
                         func.count(case((_is_right(chosen.c.question, chosen.c.option, right), 1))).label("right"))
                  .group_by(chosen.c.attempt, chosen.c.passed, chosen.c.question).subquery())
    passing = case((chosen.c.passed, 1))
    exact = and_(per_answer.c.picked == per_answer.c.right, per_answer.c.right == _right_count(per_answer.c.question, right))
    return db.session.execute(union_all(
        select(literal_column(str(CHOSEN), Integer), chosen.c.question, chosen.c.option, func.count(), func.count(passing))
        .group_by(chosen.c.question, chosen.c.option),
        select(literal_column(str(RIGHT), Integer), per_answer.c.question, null(), func.count(),
               func.count(case((per_answer.c.passed, 1))))
        .where(exact).group_by(per_answer.c.question),
        select(literal_column(str(ATTEMPTS), Integer), null(), null(), func.count(), func.count(case((attempts.c.passed, 1))))
        .select_from(attempts),
    )).all()
