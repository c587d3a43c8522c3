"""What stands between a learner and a module's completion, requirement by requirement,
and the single next thing to do in a module or a course."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lms.core.db import record_type
from lms.core.i18n import gettext, ngettext
from lms.courses.services.content import RULE_LABELS
from lms.learning.models import ModuleProgress
from lms.learning.services.progress import rule_met

if TYPE_CHECKING:
    from lms.courses.models import Module
    from lms.learning.services.pages import ModuleState

DONE, TODO, WAITING, CLOSED = "done", "to do", "waiting on others", "closed"
# The activity kind each rule is about (reading pages has none).
RULE_KINDS = {"quizzes_passed": "quiz", "reflections_submitted": "reflection", "peer_review_done": "assignment",
              "discussion_posts": "discussion"}
# A module where nothing has been recorded yet.
NO_PROGRESS = record_type(ModuleProgress)(
    id=None, enrolment_id=None, module_id=None, units_done=0, quizzes_passed=0, reflections_done=0, assignments_done=0,
    assignments_submitted=0, completed_at=None, discussion_posts=0)


@dataclass(frozen=True)
class Requirement:
    rule: str
    label: str
    state: str
    detail: str
    done: int = 0
    total: int = 0


@dataclass(frozen=True)
class NextStep:
    """The one thing to do next. ``kind``: "read" (a page: ``unit_slug`` when known, else the
    first unread one), "activity" (``activity_slug``, or the module page when there are several
    of that kind), "wait" (peers must act first), "review" (the module is complete), "locked"
    (opens at ``opens_at``), "closed" (the run is over), "course-done"."""

    kind: str
    label: str
    module_slug: str | None = None
    unit_slug: str | None = None
    activity_slug: str | None = None
    opens_at: datetime | None = None


def checklist(module: Module, row: ModuleProgress | None, *, window_closed: bool) -> list[Requirement]:
    requirements = module.requirements or {}
    row = row or NO_PROGRESS
    items = []
    for rule in requirements.get("rules", ["all_units"]):
        met = rule_met(rule, row, requirements)
        done, total = _counts(rule, row, requirements)
        if met:
            state = DONE
        elif window_closed:
            state = CLOSED
        elif rule == "peer_review_done" and row.assignments_submitted >= total:
            state = WAITING
        else:
            state = TODO
        items.append(Requirement(rule, str(RULE_LABELS[rule]), state, _detail(rule, done, total), min(done, total), total))
    return items


def _counts(rule: str, row: ModuleProgress, requirements: dict) -> tuple[int, int]:
    if rule == "all_units":
        return row.units_done, requirements.get("units", 0)
    if rule == "discussion_posts":
        return row.discussion_posts, requirements.get("min_posts", 0)
    done = {"quizzes_passed": row.quizzes_passed, "reflections_submitted": row.reflections_done,
            "peer_review_done": row.assignments_done}[rule]
    return done, len(requirements.get(RULE_KINDS[rule], []))


def _detail(rule: str, done: int, total: int) -> str:
    """How far along, in words: "2 of 5 pages read", "not passed yet", "1 of 2 quizzes passed"."""
    if rule == "all_units":
        return ngettext("%(done)d of %(num)d page read", "%(done)d of %(num)d pages read", total, done=done)
    if rule == "discussion_posts":
        return ngettext("%(done)d of %(num)d contribution posted", "%(done)d of %(num)d contributions posted",
                        total, done=min(done, total))
    if total == 1:
        return _single_detail(rule, bool(done))
    if rule == "quizzes_passed":
        return ngettext("%(done)d of %(num)d quiz passed", "%(done)d of %(num)d quizzes passed", total, done=done)
    if rule == "reflections_submitted":
        return ngettext("%(done)d of %(num)d reflection submitted", "%(done)d of %(num)d reflections submitted",
                        total, done=done)
    return ngettext("%(done)d of %(num)d assignment done, with reviews given",
                    "%(done)d of %(num)d assignments done, with reviews given", total, done=done)


def _single_detail(rule: str, done: bool) -> str:
    """How far along a rule about one activity is, in a word or two."""
    if rule == "quizzes_passed":
        return gettext("passed") if done else gettext("not passed yet")
    if rule == "reflections_submitted":
        return gettext("submitted") if done else gettext("not submitted yet")
    return gettext("submitted, and your reviews given") if done else gettext("not finished yet")


def steps_done(items: list[Requirement]) -> tuple[int, int]:
    """(done, total) over every page and activity the rules count: one meter per module."""
    return sum(item.done for item in items), sum(item.total for item in items)


def module_next_step(state: ModuleState, items: list[Requirement], *, first_unread: str | None = None) -> NextStep:
    """The single next step in a module: read on, do the activity a rule still needs, wait, or review it."""
    module = state.module
    if state.completed:
        return NextStep("review", gettext("Module complete — review it"), module.slug)
    if not state.is_open:
        return NextStep("locked", gettext("Opens later"), module.slug, opens_at=state.opens_at)
    if any(item.state == CLOSED for item in items):
        return NextStep("closed", gettext("This run has closed"), module.slug)
    todo = next((item for item in items if item.state == TODO), None)
    if todo is None:
        waiting = next((item for item in items if item.state == WAITING), None)
        if waiting is not None:
            return NextStep("wait", gettext("Waiting for your peers' work to review"), module.slug,
                            activity_slug=_only_activity(module, "assignment"))
        return NextStep("review", gettext("Module complete — review it"), module.slug)
    if todo.rule == "all_units":
        label = gettext("Start reading") if todo.done == 0 else gettext("Continue reading")
        return NextStep("read", label, module.slug, unit_slug=first_unread)
    return NextStep("activity", todo.label, module.slug, activity_slug=_only_activity(module, RULE_KINDS[todo.rule]))


def _only_activity(module: Module, kind: str) -> str | None:
    """The activity's slug when the module has one of this kind; with several, the module page lists them.
    Every discussion prompt leads to the same place, the module's forum: the first one does."""
    slugs = (module.requirements or {}).get(kind, [])
    return slugs[0] if len(slugs) == 1 or (kind == "discussion" and slugs) else None


def course_next_step(steps: list[NextStep], *, completed: bool, window_closed: bool) -> NextStep:
    """The course's next step: the first module with something to do, else something to wait for."""
    if completed:
        return NextStep("course-done", gettext("Course complete — get your certificate"))
    if window_closed:
        return NextStep("closed", gettext("This run has closed"))
    for kinds in (("read", "activity"), ("wait",), ("locked",)):
        step = next((s for s in steps if s.kind in kinds), None)
        if step is not None:
            return step
    return NextStep("review", gettext("Every open module is complete"), steps[0].module_slug if steps else None)
