"""What stands between a learner and a module's completion, requirement by requirement."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lms.courses.services.content import RULE_LABELS
from lms.learning.models import ModuleProgress
from lms.learning.services.progress import rule_met

if TYPE_CHECKING:
    from lms.courses.models import Module

DONE, TODO, WAITING, CLOSED = "done", "to do", "waiting on others", "closed"


@dataclass(frozen=True)
class Requirement:
    rule: str
    label: str
    state: str
    detail: str


def checklist(module: Module, row: ModuleProgress | None, *, window_closed: bool) -> list[Requirement]:
    requirements = module.requirements or {}
    row = row or ModuleProgress(units_done=0, quizzes_passed=0, reflections_done=0, assignments_done=0, assignments_submitted=0)
    items = []
    for rule in requirements.get("rules", ["all_units"]):
        met = rule_met(rule, row, requirements)
        if rule == "all_units":
            detail = f"{row.units_done} of {requirements.get('units', 0)} pages read"
        elif rule == "quizzes_passed":
            detail = f"{row.quizzes_passed} of {len(requirements.get('quiz', []))} quizzes passed"
        elif rule == "reflections_submitted":
            detail = f"{row.reflections_done} of {len(requirements.get('reflection', []))} reflections submitted"
        else:
            total = len(requirements.get("assignment", []))
            detail = f"{row.assignments_done} of {total} assignments with reviews given"
        if met:
            state = DONE
        elif window_closed:
            state = CLOSED
        elif rule == "peer_review_done" and row.assignments_submitted >= len(requirements.get("assignment", [])):
            state = WAITING
        else:
            state = TODO
        items.append(Requirement(rule, RULE_LABELS[rule], state, detail))
    return items
