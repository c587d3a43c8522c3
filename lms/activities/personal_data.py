"""What activities holds about a person (quiz attempts, reflections), for privacy's export and erasure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import column, delete, literal_column, select, table

from lms.activities.models import QuizAttempt, Reflection
from lms.core.extensions import db
from lms.core.i18n import lazy_gettext
from lms.courses.services.content import join_activity_context

BATCH = 500
# Learning's enrolments, named as plain SQL (its models are learning's own): the person's enrolment ids.
_ENROLMENTS = table("enrolments", column("id"), column("user_id"))


def enrolment_ids_of(user_id: int):
    return select(_ENROLMENTS.c.id).where(_ENROLMENTS.c.user_id == user_id)

# The activity, its module and course, named by the joins courses makes (join_activity_context).
PLACE = (literal_column("courses.slug").label("course"), literal_column("modules.slug").label("module"),
         literal_column("activities.slug").label("activity"), literal_column("activities.title").label("activity_title"))

README = {
    "quiz_attempts.json": lazy_gettext("Every quiz attempt you submitted: your answers, your score and whether you passed."),
    "reflections.json": lazy_gettext("Your reflections, as you last saved them."),
}


def export(user_id: int) -> Iterator[tuple[str, Iterator[dict]]]:
    yield "quiz_attempts.json", _attempts(user_id)
    yield "reflections.json", _reflections(user_id)


def _attempts(user_id: int) -> Iterator[dict]:
    query = join_activity_context(select(QuizAttempt, *PLACE), QuizAttempt.activity_id).where(
        QuizAttempt.enrolment_id.in_(enrolment_ids_of(user_id))).order_by(QuizAttempt.id)
    for attempt, *place in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield {**dict(zip(("course", "module", "activity", "activity_title"), place)), "number": attempt.number,
               "answers": attempt.answers, "score": attempt.score, "passed": attempt.passed,
               "submitted_at": attempt.submitted_at}


def _reflections(user_id: int) -> Iterator[dict]:
    query = join_activity_context(select(Reflection, *PLACE), Reflection.activity_id).where(
        Reflection.enrolment_id.in_(enrolment_ids_of(user_id))).order_by(Reflection.id)
    for reflection, *place in db.session.execute(query.execution_options(yield_per=BATCH)):
        yield {**dict(zip(("course", "module", "activity", "activity_title"), place)), "text": reflection.text,
               "submitted_at": reflection.submitted_at, "updated_at": reflection.updated_at}


def files(user_id: int) -> Iterator[tuple[str, object]]:
    return iter(())


def erase(user_id: int, *, now: datetime) -> list:
    """Reflections are private words: gone. Quiz attempts say nothing once the account is anonymised."""
    db.session.execute(delete(Reflection).where(Reflection.enrolment_id.in_(enrolment_ids_of(user_id))))
    return []
