"""Quiz item analysis for a run's tutors: per question the share of attempts answering it right,
per option the share choosing it, so that a question whose key is wrong (a wrong option chosen
more often than the right one) or that nobody gets stands out. Counted by the database from the
attempts' JSON answers (cohort.queries.items), kept for the minute like the overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lms.cohort.queries import items as queries
from lms.cohort.services.access import taught_run
from lms.cohort.services.overview import kept_for_the_minute, minute_of
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext

HARD = 0.3  # a question fewer than this share answers right is worth a look


@dataclass(frozen=True)
class OptionLine:
    number: int  # 1 for the first option
    text: str
    correct: bool
    chosen: int  # attempts that chose it


@dataclass(frozen=True)
class QuestionLine:
    number: int
    prompt: str
    multiple: bool
    right: int  # attempts that chose exactly the right options
    right_in_failed: int  # of them, attempts that did not pass the quiz
    options: tuple[OptionLine, ...]

    @property
    def wrong_favourite(self) -> bool:
        """A wrong option was chosen more often than a right one: is the key right?"""
        right = [o.chosen for o in self.options if o.correct]
        wrong = [o.chosen for o in self.options if not o.correct]
        return bool(right and wrong) and max(wrong) > min(right)

    def hard(self, attempts: int) -> bool:
        return attempts > 0 and self.right < HARD * attempts


@dataclass(frozen=True)
class ItemAnalysis:
    course: object
    run: object
    quiz_id: int
    title: str
    module_title: str
    first_only: bool  # each learner's first attempt, or every attempt
    as_of: datetime
    attempts: int
    failed: int  # attempts that did not pass
    questions: tuple[QuestionLine, ...]

    @property
    def version(self) -> tuple:
        return ("items", self.run.id, self.quiz_id, self.first_only, self.as_of, self.course.source_hash, self.run.title)


def quiz_items(user, course_slug: str, run_slug: str, activity_id: int, *, first_only: bool = True,
               now: datetime) -> ItemAnalysis:
    """The item analysis of one quiz of the course over the run's attempts (first ones or all), for the
    course's tutors and admins; NotFound for anyone else or for anything but a live quiz of the course."""
    taught = taught_run(user, course_slug, run_slug)
    course, run = taught.course, taught.run
    page = f"items:{activity_id}:{'first' if first_only else 'all'}"
    found = kept_for_the_minute(page, run.id, now, lambda: _analysis(course.id, activity_id, run.id, first_only))
    if found == NOT_A_QUIZ:
        raise NotFound(gettext("No such quiz in this course."))
    return ItemAnalysis(course, run, activity_id, *found[:2], first_only, minute_of(now), *found[2:])


NOT_A_QUIZ = ()  # kept like figures, so that asking again costs nothing either


def _analysis(course_id: int, activity_id: int, run_id: int, first_only: bool) -> tuple:
    """(title, module title, attempts, failed, questions), or NOT_A_QUIZ."""
    quiz = queries.quiz_of_course(course_id, activity_id)
    if quiz is None:
        return NOT_A_QUIZ
    return (quiz.title, quiz.module_title, *_analyse(quiz, run_id, first_only))


def _analyse(quiz, run_id: int, first_only: bool) -> tuple[int, int, tuple[QuestionLine, ...]]:
    spec = quiz.spec.get("questions", [])
    right = [[number for number, option in enumerate(q["options"]) if option["correct"]] for q in spec]
    counts = iter(queries.item_counts(quiz.id, run_id, right, [len(q["options"]) for q in spec], first_only=first_only,
                                      dialect=db.session.get_bind().dialect.name))
    attempts, passing = next(counts), next(counts)
    answered = [(next(counts), next(counts)) for _ in spec]  # (right, right in passing attempts)
    questions = []
    for number, (question, (count, of_passing)) in enumerate(zip(spec, answered)):
        options = tuple(OptionLine(index + 1, option["text"], option["correct"], next(counts))
                        for index, option in enumerate(question["options"]))
        questions.append(QuestionLine(number + 1, question["prompt"], question.get("kind") == "multiple", count,
                                      count - of_passing, options))
    return attempts, attempts - passing, tuple(questions)
