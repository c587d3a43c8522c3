"""The one progress service: after anything a learner does, recount what they have
done in that module, decide completion by the module's rules, and report what was
newly completed, so that badges can be awarded from one place.

Idempotent: recounting twice changes nothing; completions are unique rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.extensions import db
from lms.models import (
    Activity, Course, CourseCompletion, Enrolment, Module, ModuleProgress, QuizAttempt, Reflection, Unit, UnitProgress,
)

RULE_LABELS = {
    "all_units": "Read every page",
    "quizzes_passed": "Pass the quiz",
    "reflections_submitted": "Submit your reflection",
    "peer_review_done": "Submit your assignment and review your peers",
}


@dataclass
class ProgressResult:
    completed_modules: list[Module] = field(default_factory=list)
    completed_course: Course | None = None
    awards: list = field(default_factory=list)  # new Assertion rows


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


def _assignment_counts(enrolment_id: int, assignment_ids: list[int]) -> tuple[int, int]:
    """(submitted, duties done) for the module's peer-reviewed assignments."""
    from lms.services.peer_review import duties_by_assignment

    if not assignment_ids:
        return 0, 0
    duties = duties_by_assignment(enrolment_id, assignment_ids)
    return sum(d.submitted for d in duties.values()), sum(d.done for d in duties.values())


def recompute(enrolment: Enrolment, module: Module, *, now: datetime) -> ProgressResult:
    """Recount the learner's work in ``module`` and record any new completion."""
    result = ProgressResult()
    requirements = module.requirements or {}
    live_units = select(Unit.id).where(Unit.module_id == module.id, Unit.archived_at.is_(None))
    units_done = db.session.scalar(
        select(func.count()).select_from(UnitProgress)
        .where(UnitProgress.enrolment_id == enrolment.id, UnitProgress.unit_id.in_(live_units))
    )
    activities = list(db.session.scalars(
        select(Activity).where(Activity.module_id == module.id, Activity.archived_at.is_(None))
    ))
    quizzes = {a.id: a.spec for a in activities if a.kind == "quiz"}
    reflections = [a.id for a in activities if a.kind == "reflection"]
    assignments = [a.id for a in activities if a.kind == "assignment"]
    reflections_done = db.session.scalar(
        select(func.count()).select_from(Reflection)
        .where(Reflection.enrolment_id == enrolment.id, Reflection.activity_id.in_(reflections))
    ) if reflections else 0
    submitted, duties_done = _assignment_counts(enrolment.id, assignments)

    row = _progress_row(enrolment.id, module.id)
    row.units_done = units_done
    row.quizzes_passed = len(passed_quiz_ids(enrolment.id, list(quizzes), quizzes))
    row.reflections_done = reflections_done
    row.assignments_submitted = submitted
    row.assignments_done = duties_done

    if row.completed_at is None and all(
        rule_met(rule, row, requirements) for rule in requirements.get("rules", ["all_units"])
    ):
        row.completed_at = now
        result.completed_modules.append(module)
        result.completed_course = _complete_course(enrolment, module.course_id, now)
        from lms.services.awards import award_for_completions

        result.awards = award_for_completions(enrolment, result.completed_modules, result.completed_course, now=now)
    return result


def rule_met(rule: str, row: ModuleProgress, requirements: dict) -> bool:
    if rule == "all_units":
        return row.units_done >= requirements.get("units", 0)
    if rule == "quizzes_passed":
        return row.quizzes_passed >= len(requirements.get("quiz", []))
    if rule == "reflections_submitted":
        return row.reflections_done >= len(requirements.get("reflection", []))
    if rule == "peer_review_done":
        return row.assignments_done >= len(requirements.get("assignment", []))
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
    course = db.session.get(Course, course_id)
    live = select(Module.id).where(Module.course_id == course_id, Module.archived_at.is_(None))
    module_count = db.session.scalar(select(func.count()).select_from(live.subquery()))
    completed = db.session.scalar(
        select(func.count()).select_from(ModuleProgress).where(
            ModuleProgress.enrolment_id == enrolment.id, ModuleProgress.module_id.in_(live),
            ModuleProgress.completed_at.is_not(None),
        )
    )
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
