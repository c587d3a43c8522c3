"""Quiz item analysis as aggregate SQL: how often each option was chosen and each question
answered right, counted by the database from the attempts' JSON answers in one statement.
Read-only.

An attempt stores its answers as a JSON array with one array of chosen option indexes per
question, each sorted (``[[0], [0, 2]]``). The quiz's questions and options are few and known, so
the statement has one count per question (attempts whose answer is exactly the key) and one per
option (attempts whose answer holds it), each a test on the JSON in the database's own functions:
PostgreSQL reads the answers as ``jsonb`` once (``->``, ``=`` and ``@>``); SQLite extracts each
question's answer once (``json_extract``, which writes an array as ``[0,2]``) and compares text.
No attempt is read into Python, and nothing is unnested (PostgreSQL's planner guesses a hundred
rows for every set-returning function, and its JIT then spends half a second compiling).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from sqlalchemy import ColumnElement, Integer, Row, case, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import JSONB

from lms.activities.models import QuizAttempt
from lms.core.extensions import db
from lms.courses.models import Activity, Module
from lms.learning.models import Enrolment


def quiz_of_course(course_id: int, activity_id: int) -> Row | None:
    """(id, title, spec, module title) of a live quiz of the course's live modules, or None."""
    return db.session.execute(
        select(Activity.id, Activity.title, Activity.spec, Module.title.label("module_title"))
        .join(Module, Module.id == Activity.module_id)
        .where(Activity.id == activity_id, Activity.kind == "quiz", Activity.archived_at.is_(None),
               Module.course_id == course_id, Module.archived_at.is_(None))
    ).first()


def _attempts(activity_id: int, run_id: int, questions: int, *, first_only: bool, dialect: str):
    """The attempts counted (the run's learners', not those a tutor unenrolled; first ones or all), as a
    CTE of (passed, answers): on PostgreSQL the answers as jsonb, parsed once; on SQLite each
    question's answer as JSON text (``q0``, ``q1`` ...), extracted once."""
    if dialect == "postgresql":
        answers = [cast(QuizAttempt.answers, JSONB).label("answers")]
    else:
        answers = [func.json_extract(QuizAttempt.answers, f"$[{number}]").label(f"q{number}") for number in range(questions)]
    query = (select(QuizAttempt.passed, *answers)
             .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
             .where(QuizAttempt.activity_id == activity_id, Enrolment.run_id == run_id, Enrolment.unenrolled_at.is_(None)))
    if first_only:
        query = query.where(QuizAttempt.number == 1)
    return query.cte("counted").prefix_with("MATERIALIZED")


def _tests(attempts, dialect: str) -> tuple[Callable[[int, Sequence[int]], ColumnElement[bool]], Callable[[int, int], ColumnElement[bool]]]:
    """(is the answer to question q exactly these options, does the answer to question q hold option o)."""
    if dialect == "postgresql":
        def exactly(question: int, options: Sequence[int]) -> ColumnElement[bool]:
            return attempts.c.answers[question] == cast(literal(json.dumps(list(options))), JSONB)

        def holds(question: int, option: int) -> ColumnElement[bool]:
            return attempts.c.answers[question].contains(cast(literal(json.dumps([option])), JSONB))

        return exactly, holds

    def exactly(question: int, options: Sequence[int]) -> ColumnElement[bool]:  # SQLite writes arrays without spaces
        return attempts.c[f"q{question}"] == json.dumps(list(options), separators=(",", ":"))

    def holds(question: int, option: int) -> ColumnElement[bool]:  # ",0,2," holds ",2,"
        listed = literal(",") + func.trim(attempts.c[f"q{question}"], "[]") + literal(",")
        return func.instr(listed, f",{option},") > 0

    return exactly, holds


def item_counts(activity_id: int, run_id: int, right: Sequence[Sequence[int]], options: Sequence[int], *,
                first_only: bool, dialect: str) -> Row:
    """One row: attempts counted, of them passing; then for each question (``right``: its right options
    as the quiz says now), attempts that chose exactly those, of them passing; then for each question
    and each of its ``options`` (how many it has), attempts that chose it."""
    attempts = _attempts(activity_id, run_id, len(right), first_only=first_only, dialect=dialect)
    exactly, holds = _tests(attempts, dialect)
    passing = attempts.c.passed

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count(case((condition, literal_column("1", Integer))))

    columns = [func.count(), count(passing)]
    for question, key in enumerate(right):
        columns += [count(exactly(question, key)), count(exactly(question, key) & passing)]
    columns += [count(holds(question, option)) for question, many in enumerate(options) for option in range(many)]
    return db.session.execute(select(*columns).select_from(attempts)).one()
