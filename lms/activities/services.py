"""Quizzes and reflections: what a learner sees, submits, and gets back.

Grading happens here on the server; the page is only ever given the public part
of a quiz (prompts and option texts), never which options are correct, until the
learner has submitted and either passed or used every attempt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.activities import queries
from lms.activities.models import QuizAttempt, Reflection
from lms.core.access import can_teach
from lms.core.completion import ProgressResult, record_work
from lms.core.errors import DomainError, ModuleLocked, NotFound, PermissionDenied, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.core.keyset import PAGE_SIZE, TOP, Cursor, Page, make_page
from lms.courses.services import content
from lms.learning.services import ModuleState, Place, get_place, window_closed

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Activity, Course, Run


@dataclass(frozen=True)
class QuestionResult:
    correct: bool
    chosen: list[int]
    feedback: list[str]  # for each chosen option


@dataclass(frozen=True)
class ActivityPage:
    place: Place
    state: ModuleState
    activity: Activity
    attempts: list[QuizAttempt]
    reflection: Reflection | None
    window_closed: bool

    @property
    def questions(self) -> list[dict]:
        """The public part of a quiz: no 'correct', no feedback."""
        return [
            {"prompt": q["prompt"], "kind": q["kind"], "options": [o["text"] for o in q["options"]]}
            for q in self.activity.spec.get("questions", [])
        ]

    @property
    def attempts_left(self) -> int | None:
        allowed = self.activity.spec.get("attempts", 0)
        return None if not allowed else max(0, allowed - len(self.attempts))

    @property
    def next_attempt(self) -> int:
        return len(self.attempts) + 1

    @property
    def counting_attempt(self) -> QuizAttempt | None:
        if not self.attempts:
            return None
        if self.activity.spec.get("keep", "best") == "last":
            return self.attempts[-1]
        return max(self.attempts, key=lambda a: (a.score, -a.number))

    @property
    def passed(self) -> bool:
        counting = self.counting_attempt
        return bool(counting and counting.passed)

    @property
    def can_submit(self) -> bool:
        if self.window_closed:
            return False
        if self.activity.kind == "quiz":
            return self.attempts_left != 0 and not self.passed
        return True

    @property
    def answers_revealed(self) -> bool:
        return self.activity.kind == "quiz" and (self.passed or self.attempts_left == 0)

    def results(self, attempt: QuizAttempt) -> list[QuestionResult]:
        return grade(self.activity.spec, attempt.answers)[1]


def grade(spec: dict, answers: list[list[int]]) -> tuple[int, list[QuestionResult]]:
    """Score in percent (a question counts when exactly the right options are chosen)."""
    results = []
    for question, chosen in zip(spec["questions"], answers, strict=True):
        right = {i for i, option in enumerate(question["options"]) if option["correct"]}
        results.append(QuestionResult(
            correct=set(chosen) == right,
            chosen=list(chosen),
            feedback=[question["options"][i]["feedback"] for i in chosen],
        ))
    score = round(100 * sum(r.correct for r in results) / len(results)) if results else 0
    return score, results


def _activity(place: Place, module_slug: str, activity_slug: str) -> tuple[ModuleState, Activity]:
    state = place.module(module_slug)
    if not state.is_open:
        raise ModuleLocked(state.module.title, state.opens_at, place.course.language)
    return state, content.get_activity(state.module.id, activity_slug)


def get_activity_page(user: User, course_slug: str, module_slug: str, activity_slug: str, *, now: datetime) -> ActivityPage:
    place = get_place(user, course_slug, now=now)
    state, activity = _activity(place, module_slug, activity_slug)
    attempts, reflection = [], None
    if activity.kind == "quiz":
        attempts = list(db.session.scalars(select(QuizAttempt).where(
            QuizAttempt.enrolment_id == place.enrolment.id, QuizAttempt.activity_id == activity.id).order_by(QuizAttempt.number)))
    elif activity.kind == "reflection":
        reflection = db.session.scalar(select(Reflection).where(
            Reflection.enrolment_id == place.enrolment.id, Reflection.activity_id == activity.id))
    return ActivityPage(place, state, activity, attempts, reflection, window_closed(place.run, place.enrolment, now))


def _refuse_when_closed(page: ActivityPage) -> None:
    if page.window_closed:
        raise DomainError(gettext("This course run has closed: you can read everything, but nothing new can be submitted."))


def submit_quiz(
    user: User, course_slug: str, module_slug: str, activity_slug: str, *, answers: list[list[int]], attempt_number: int,
    now: datetime,
) -> tuple[ActivityPage, QuizAttempt, ProgressResult]:
    """Grade and record one attempt. A repeated submission of the same attempt number
    (a double click) returns the attempt already recorded and spends nothing."""
    page = get_activity_page(user, course_slug, module_slug, activity_slug, now=now)
    if page.activity.kind != "quiz":
        raise NotFound(gettext("This activity is not a quiz."))
    already = next((a for a in page.attempts if a.number == attempt_number), None)
    if already is not None:
        return page, already, ProgressResult()
    _refuse_when_closed(page)
    if attempt_number != page.next_attempt:
        raise DomainError(gettext("This quiz changed in another window. Reload the page to see your latest attempt."))
    if not page.can_submit:
        raise DomainError(gettext("You have already passed this quiz.") if page.passed
                          else gettext("You have used every attempt at this quiz."))
    questions = page.activity.spec["questions"]
    if len(answers) != len(questions):
        raise ValidationError("answers", gettext("Answer every question."))
    for index, (question, chosen) in enumerate(zip(questions, answers)):
        if not chosen:
            raise ValidationError(f"q{index}", gettext("Answer question %(number)d.", number=index + 1))
        if any(not 0 <= i < len(question["options"]) for i in chosen) or (question["kind"] == "single" and len(chosen) != 1):
            raise ValidationError(f"q{index}", gettext("Choose one option for question %(number)d.", number=index + 1)
                                  if question["kind"] == "single"
                                  else gettext("Choose options for question %(number)d.", number=index + 1))
    score, _ = grade(page.activity.spec, answers)
    attempt = QuizAttempt(
        enrolment_id=page.place.enrolment.id, activity_id=page.activity.id, number=attempt_number,
        answers=[sorted(set(a)) for a in answers], score=score, passed=score >= page.activity.spec["pass_mark"], submitted_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:  # the twin of a double click got there first
        attempt = db.session.scalar(select(QuizAttempt).where(
            QuizAttempt.enrolment_id == page.place.enrolment.id, QuizAttempt.activity_id == page.activity.id,
            QuizAttempt.number == attempt_number))
        return page, attempt, ProgressResult()
    page.attempts.append(attempt)
    return page, attempt, record_work(page.place.enrolment, page.state.module, now=now)


def count_done(enrolment_id: int, quizzes: list[Activity], reflections: list[Activity]) -> tuple[int, int]:
    """(quizzes passed, reflections submitted) by one learner among these activities."""
    passed = passed_quiz_ids(enrolment_id, [q.id for q in quizzes], {q.id: q.spec for q in quizzes})
    reflected = db.session.scalar(
        select(func.count()).select_from(Reflection)
        .where(Reflection.enrolment_id == enrolment_id, Reflection.activity_id.in_([r.id for r in reflections]))
    ) if reflections else 0
    return len(passed), reflected


def passed_quiz_ids(enrolment_id: int, quiz_ids: list[int], specs: dict[int, dict]) -> set[int]:
    """Quizzes whose counting attempt (best or last, as the quiz says) passed."""
    if not quiz_ids:
        return set()
    rows = db.session.execute(
        select(QuizAttempt.activity_id, QuizAttempt.number, QuizAttempt.passed)
        .where(QuizAttempt.enrolment_id == enrolment_id, QuizAttempt.activity_id.in_(quiz_ids))
        .order_by(QuizAttempt.activity_id, QuizAttempt.number)
    ).all()
    passed, last = set(), {}
    for activity_id, _number, ok in rows:
        last[activity_id] = ok
        if ok and specs[activity_id].get("keep", "best") == "best":
            passed.add(activity_id)
    passed |= {activity_id for activity_id, ok in last.items() if ok}
    return passed


def count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’-]\w+)*", text))


def submit_reflection(
    user: User, course_slug: str, module_slug: str, activity_slug: str, *, text: str, now: datetime
) -> tuple[ActivityPage, ProgressResult]:
    """Save (or update) the learner's reflection once it is long enough."""
    page = get_activity_page(user, course_slug, module_slug, activity_slug, now=now)
    if page.activity.kind != "reflection":
        raise NotFound(gettext("This activity is not a reflection."))
    _refuse_when_closed(page)
    text = text.strip()
    needed, written = page.activity.spec.get("min_words", 0), count_words(text)
    if written < needed or not text:
        raise ValidationError("text", ngettext("Write at least %(num)d word; you have %(written)d so far.",
                                               "Write at least %(num)d words; you have %(written)d so far.", needed,
                                               written=written))
    reflection = page.reflection
    if reflection is None:
        reflection = Reflection(enrolment_id=page.place.enrolment.id, activity_id=page.activity.id, text=text,
                                submitted_at=now, updated_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(reflection)
        except IntegrityError:
            reflection = db.session.scalar(select(Reflection).where(
                Reflection.enrolment_id == page.place.enrolment.id, Reflection.activity_id == page.activity.id))
    reflection.text, reflection.updated_at = text, now
    return page, record_work(page.place.enrolment, page.state.module, now=now)


def get_reflection(viewer: User, reflection_id: int) -> tuple[Reflection, Activity, User]:
    """A reflection for its author or a tutor of its course; anyone else is told it does not exist."""
    row = queries.reflection_with_author(reflection_id)
    if row is None:
        raise NotFound(gettext("No such reflection."))
    reflection, activity, author, course_id = row
    if author.id != viewer.id and not can_teach(viewer, course_id):
        raise NotFound(gettext("No such reflection."))
    return reflection, activity, author


@dataclass(frozen=True)
class ActivityTotals:
    """One quiz or reflection over the whole run, counted in SQL."""

    activity: Activity
    tried: int  # learners with an attempt
    attempts: int
    passed: int  # learners who passed
    written: int  # reflections

    @property
    def mean_attempts(self) -> float:
        return self.attempts / self.tried if self.tried else 0.0


@dataclass(frozen=True)
class LearnerAnswers:
    enrolment_id: int
    name: str
    email: str
    quiz_scores: dict[int, tuple[int, bool, int]]  # activity id -> (best score, passed, attempts)
    reflections: dict[int, int]  # activity id -> reflection id


@dataclass(frozen=True)
class RunAnswers:
    course: Course
    run: Run
    activities: list[ActivityTotals]
    learners: Page[LearnerAnswers]


def list_answers(tutor: User, course_slug: str, run_slug: str, *, cursor: Cursor = TOP, size: int = PAGE_SIZE) -> RunAnswers:
    """One page of a run's learners with their quiz results and reflections, and each activity's totals
    over the whole run: for the course's tutors only. However large the run, the same few statements
    run and the page holds ``size`` learners at most."""
    found = queries.taught_run(tutor, course_slug, run_slug)
    if found is None:
        raise NotFound(gettext("No such run of this course."))
    course, run, teaches = found
    if not teaches:
        raise PermissionDenied(gettext("Only the tutors of this course can see this run."))
    activities = [ActivityTotals(*row) for row in queries.activities_with_totals(course.id, run.id)]
    total, before, known = queries.count_learners(run.id, cursor)
    cursor = cursor if known else TOP  # a learner who left, another run's: start from the top
    rows: dict[int, LearnerAnswers] = {}
    for enrolment_id, name, email, activity_id, best, passed, attempts, reflection_id in queries.learners_with_answers(
            run.id, cursor, size):
        row = rows.setdefault(enrolment_id, LearnerAnswers(enrolment_id, name, email, {}, {}))
        if reflection_id is not None:
            row.reflections[activity_id] = reflection_id
        elif activity_id is not None:
            row.quiz_scores[activity_id] = (best, bool(passed), attempts)
    page = make_page(list(rows.values()), lambda row: row.enrolment_id, cursor=cursor, rows_before_cursor=before if known else 0, total=total)
    return RunAnswers(course, run, activities, page)
