"""Progress, the leaf: given what a learner has done in a module, keep the one
``ModuleProgress`` row, decide completion by the module's rules, and record the
course completion when the last module needed is done.

It never counts other features' work itself and never awards: the orchestrator
(``lms.completion``) counts, calls ``record_progress``, then awards.
Idempotent: recording the same counts twice changes nothing; completions are unique rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from lms.core.completion import ProgressResult
from lms.core.extensions import db
from lms.courses.services import content
from lms.learning.models import CourseCompletion, Enrolment, ModuleProgress, UnitProgress

ACTIVITY_RESOLUTION = timedelta(hours=1)  # as a page read records it

if TYPE_CHECKING:
    from lms.courses.models import Course, Module


@dataclass(frozen=True)
class WorkCounts:
    """What a learner has done in one module, counted by the features that own the work."""

    units_done: int = 0
    quizzes_passed: int = 0
    reflections_done: int = 0
    assignments_submitted: int = 0
    assignments_done: int = 0  # submitted, and review duties met
    discussion_posts: int = 0  # visible posts in the module's forum


def count_units_done(enrolment_id: int, module_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(UnitProgress)
        .where(UnitProgress.enrolment_id == enrolment_id, UnitProgress.unit_id.in_(content.live_unit_ids(module_id)))
    )


def record_progress(enrolment: Enrolment, module: Module, counts: WorkCounts, *, now: datetime) -> ProgressResult:
    """Store the counts and record any new module or course completion."""
    result = ProgressResult()
    note_activity(enrolment.id, now)
    requirements = module.requirements or {}
    row = _progress_row(enrolment.id, module.id)
    row.units_done = counts.units_done
    row.quizzes_passed = counts.quizzes_passed
    row.reflections_done = counts.reflections_done
    row.assignments_submitted = counts.assignments_submitted
    row.assignments_done = counts.assignments_done
    row.discussion_posts = counts.discussion_posts
    if row.completed_at is None and all(
        rule_met(rule, row, requirements) for rule in requirements.get("rules", ["all_units"])
    ):
        row.completed_at = now
        result.completed_modules.append(module)
        result.completed_course = _complete_course(enrolment, module.course_id, now)
    return result


def note_activity(enrolment_id: int, now: datetime) -> None:
    """Every recorded action (a page done, a quiz, a reflection, peer work, a review) is activity:
    ``last_active_at`` moves forward, as reading a page moves it (at most hourly: see pages)."""
    enrolments = Enrolment.__table__
    db.session.execute(update(enrolments).where(
        enrolments.c.id == enrolment_id,
        or_(enrolments.c.last_active_at.is_(None), enrolments.c.last_active_at < now - ACTIVITY_RESOLUTION),
    ).values(last_active_at=now))


def rule_met(rule: str, row: ModuleProgress, requirements: dict) -> bool:
    if rule == "all_units":
        return row.units_done >= requirements.get("units", 0)
    if rule == "quizzes_passed":
        return row.quizzes_passed >= len(requirements.get("quiz", []))
    if rule == "reflections_submitted":
        return row.reflections_done >= len(requirements.get("reflection", []))
    if rule == "peer_review_done":
        return row.assignments_done >= len(requirements.get("assignment", []))
    if rule == "discussion_posts":
        return row.discussion_posts >= requirements.get("min_posts", 0)
    return False


def _progress_row(enrolment_id: int, module_id: int) -> ModuleProgress:
    row = db.session.scalar(
        select(ModuleProgress).where(ModuleProgress.enrolment_id == enrolment_id, ModuleProgress.module_id == module_id)
    )
    if row is not None:
        return row
    row = ModuleProgress(enrolment_id=enrolment_id, module_id=module_id)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # another request created it first
        row = db.session.scalar(
            select(ModuleProgress).where(ModuleProgress.enrolment_id == enrolment_id, ModuleProgress.module_id == module_id)
        )
    return row


def _complete_course(enrolment: Enrolment, course_id: int, now: datetime) -> Course | None:
    course = content.get_course(course_id)
    live = content.live_module_ids(course_id)
    module_count = db.session.scalar(select(func.count()).select_from(live.subquery()))
    completed = db.session.scalar(
        select(func.count()).select_from(ModuleProgress).where(
            ModuleProgress.enrolment_id == enrolment.id, ModuleProgress.module_id.in_(live),
            ModuleProgress.completed_at.is_not(None),
        )
    )
    enrolments = Enrolment.__table__
    db.session.execute(update(enrolments).where(enrolments.c.id == enrolment.id).values(modules_completed=completed))
    if completed < (course.modules_needed or module_count):
        return None
    if db.session.scalar(select(CourseCompletion.id).where(CourseCompletion.enrolment_id == enrolment.id)):
        return None
    try:
        with db.session.begin_nested():
            db.session.add(CourseCompletion(enrolment_id=enrolment.id, completed_at=now))
    except IntegrityError:
        return None
    return course
