"""A learner's work, done through the same services as their clicks: reading pages,
answering quizzes, writing reflections, submitting peer work and reviewing it, answering
discussion prompts.

Each step is safe to repeat, or checks first, so that ``flask demo setup`` can run again."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from lms.activities import services as activities
from lms.courses.services import content
from lms.demo.services import talk
from lms.learning import services as learning
from lms.peer_review import services as peer_review

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Activity, Module

PLAN = """## Starting point
We rated careers guidance a 2 out of 4 in our self-review. Only a handful of pupils could
name a job that uses physics, and our subject-choice figures show girls leaving the sciences
after year 9. {name} will lead, because the careers office already meets every class.

## The change
Every year-9 pupil meets two people who work in STEM jobs before choosing subjects.

## People
The careers adviser leads; two science teachers support; the deputy head backs it because it
fits the school's plan for guidance. Parents who work in STEM are invited through the newsletter.

## Timeline
First step: a letter to parents in the first week of term. Review: at the end of the term,
with the pupils' own evaluation forms and the subject-choice figures.

## Resources
Two afternoons of staff time, a small budget for travel, and the partner list from the local
chamber of commerce. Materials: the module's checklist and a short pupil questionnaire.

## Success
More pupils choose a science option than last year, and most pupils can name a STEM job they
had not heard of before. We will also ask the visitors whether they would come back."""
REFLECTION = "{first}'s school will invite engineers and scientists to talk with pupils."
REFLECTION_IN = {  # a sentence that fits the library courses' reflections
    "stem-outreach-libraries": "{first}'s library will try a hands-on session with a small group first and ask what they noticed.",
    "library-makerspaces": "{first}'s library will start with a maker cart and write down what runs out after each session.",
    "stem-storytime": "{first} will add one hands-on moment and one what-do-you-think question to each storytime.",
}
NOTE = """

We will share what we learn with the other schools in our network at the spring meeting, so
that the next plan can start from evidence rather than from guesses about what pupils want."""


def read_units(user: User, course_slug: str, module: Module, *, share: float = 1.0, now: datetime) -> None:
    """Mark the first ``share`` of the module's pages as read."""
    units = learning.get_module_page(user, course_slug, module.slug, now=now, with_checklist=False).units
    for unit in units[: round(len(units) * share)]:
        if not unit.done:
            learning.complete_unit(user, course_slug, module.slug, unit.unit.slug, now=now)


def answer_quiz(user: User, course_slug: str, module: Module, quiz: Activity, *, wrong_first: bool, now: datetime) -> None:
    """Pass the quiz, after a wrong first attempt if asked."""
    page = activities.get_activity_page(user, course_slug, module.slug, quiz.slug, now=now)
    if page.attempts:
        return
    questions = quiz.spec["questions"]
    right = [[i for i, option in enumerate(q["options"]) if option["correct"]] for q in questions]
    attempt = 1
    if wrong_first:
        wrong = [[next(i for i, option in enumerate(q["options"]) if not option["correct"])] for q in questions]
        activities.submit_quiz(user, course_slug, module.slug, quiz.slug, answers=wrong, attempt_number=1, now=now)
        attempt = 2
    activities.submit_quiz(user, course_slug, module.slug, quiz.slug, answers=right, attempt_number=attempt, now=now)


def write_reflection(user: User, course_slug: str, module: Module, reflection: Activity, *, now: datetime) -> None:
    if activities.get_activity_page(user, course_slug, module.slug, reflection.slug, now=now).reflection is not None:
        return
    words = max(reflection.spec.get("min_words", 0), 1)
    sentence = REFLECTION_IN.get(course_slug, REFLECTION).format(first=user.name.split()[0])
    text = " ".join([sentence] * (words // 10 + 1))
    activities.submit_reflection(user, course_slug, module.slug, reflection.slug, text=text, now=now)


def submit_work(user: User, course_slug: str, module: Module, assignment: Activity, *, now: datetime) -> None:
    page = peer_review.get_assignment_page(user, course_slug, module.slug, assignment.slug, now=now)
    if page.submission is None:
        text = PLAN.format(name=user.name)
        while activities.count_words(text) < assignment.spec.get("min_words", 0):
            text += NOTE
        peer_review.save_submission(user, course_slug, module.slug, assignment.slug, text=text,
                                    upload=None, upload_dir=None, max_bytes=0, now=now)


def review_peers(user: User, course_slug: str, module: Module, assignment: Activity, *, now: datetime) -> None:
    """Review as many peers as the assignment asks (fewer if the queue runs dry)."""
    page = peer_review.get_assignment_page(user, course_slug, module.slug, assignment.slug, now=now)
    rubric = assignment.spec["rubric"]
    for _ in range(page.must_give - page.given):
        review, _ = peer_review.claim_next(user, course_slug, module.slug, assignment.slug, now=now)
        if review is None:
            return
        scores = [max(level["points"] for level in criterion["levels"]) - index % 2 for index, criterion in enumerate(rubric)]
        comments = ["Clear and specific: the evidence from the self-review makes the choice convincing."] * len(rubric)
        peer_review.submit_review(user, review.id, scores=scores, comments=comments,
                                  feedback="A realistic plan; I would add who checks the indicators.", now=now)


def has_assignment(module: Module) -> bool:
    return any(activity.kind == "assignment" for activity in content.live_activities(module.id))


def has_prompts(module: Module) -> bool:
    return any(activity.kind == "discussion" for activity in content.live_activities(module.id))


def do_module(user: User, course_slug: str, module: Module, *, share: float = 1.0, wrong_first: bool = False,
              submit: bool = True, every_prompt: bool = True, now: datetime) -> Activity | None:
    """Read the module (all of it, or a share) and, when all is read, do its activities; the
    assignment, if any, is only submitted; discussion prompts the module's completion counts are
    answered, and the others too when ``every_prompt``. Returns the assignment."""
    read_units(user, course_slug, module, share=share, now=now)
    if share < 1.0:
        return None
    assignment = None
    for activity in content.live_activities(module.id):
        if activity.kind == "quiz":
            answer_quiz(user, course_slug, module, activity, wrong_first=wrong_first, now=now)
        elif activity.kind == "reflection":
            write_reflection(user, course_slug, module, activity, now=now)
        elif activity.kind == "assignment":
            assignment = activity
            if submit:
                submit_work(user, course_slug, module, activity, now=now)
    prompts = [activity for activity in content.live_activities(module.id) if activity.kind == "discussion"]
    talk.answer_prompts(user, course_slug, module, prompts, every_prompt=every_prompt, now=now)
    return assignment


def complete_course(user: User, course_slug: str, *, now: datetime) -> None:
    """Every open module of the course done (in a self-paced run: the whole course)."""
    for state in learning.get_place(user, course_slug, now=now).modules:
        if state.is_open:
            do_module(user, course_slug, state.module, now=now)
