"""The learner's courses at a glance (the dashboard and the calendar read it):
every enrolment with each module's opening, progress and checklist, in two queries
however many courses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from lms.courses.services.runs import is_open, module_opening_times, target_dates
from lms.learning import queries
from lms.learning.services.checklist import (
    NextStep,
    Requirement,
    checklist,
    course_next_step,
    module_next_step,
    steps_done,
)
from lms.learning.services.membership import window_closed
from lms.learning.services.pages import ModuleState, Place

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Module, Run
    from lms.learning.models import Enrolment, ModuleProgress


@dataclass(frozen=True)
class CourseProgress:
    place: Place
    units_total: int
    units_done: int
    checklists: dict[int, list[Requirement]] = field(default_factory=dict)
    completed: bool = False
    steps: dict[int, NextStep] = field(default_factory=dict)  # module id -> its single next step
    next_step: NextStep | None = None  # the course's

    def meter(self, module_id: int) -> tuple[int, int]:
        """(done, total) of the pages and activities that count for this module."""
        return steps_done(self.checklists.get(module_id, []))

    @property
    def modules_completed(self) -> int:
        return sum(s.completed for s in self.place.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.units_done / self.units_total) if self.units_total else 0

    @property
    def version(self) -> tuple:
        """What the dashboard shows of this course beyond its content (the course's source hash):
        the run, the enrolment, each module's opening and progress, the checklists and next steps.
        Conditional GET compares it; whatever the dashboard starts to show must be in it."""
        place = self.place
        return (place.course.id, place.course.source_hash, tuple(place.run), tuple(place.enrolment),
                tuple((s.module.id, s.is_open, s.opens_at, s.units_done, s.target_at, s.completed) for s in place.modules),
                tuple(tuple((r.state, r.done, r.total) for r in items) for items in self.checklists.values()),
                tuple(self.steps.values()), self.next_step, self.completed)


def list_my_courses(user: User, *, now: datetime) -> list[CourseProgress]:
    """The dashboard: every enrolment with progress per module, in two queries however many courses."""
    rows = queries.my_enrolments(user.id)
    if not rows:
        return []
    modules = queries.modules_of_my_enrolments(user.id)
    result = []
    for enrolment, run, course in rows:
        entries = modules.get(enrolment.id, [])
        live = [module for module, _, _ in entries]
        overrides = {module.id: opens for module, opens, _ in entries if opens is not None}
        progress = {module.id: row for module, _, row in entries}
        result.append(_progress_in(course, run, enrolment, live, overrides, progress, now=now))
    return result


def get_course_progress(
    enrolment: Enrolment, run: Run, course: Course, modules: list[Module], overrides: dict[int, datetime],
    progress: dict[int, ModuleProgress], *, now: datetime
) -> CourseProgress:
    """One enrolment's progress and next step (the course page), from the live modules, the run's
    overrides and the learner's progress rows (by module id) its caller already holds: no query."""
    return _progress_in(course, run, enrolment, modules, overrides, {m.id: progress.get(m.id) for m in modules}, now=now)


def _progress_in(
    course: Course, run: Run, enrolment: Enrolment, live: list[Module], overrides: dict[int, datetime],
    rows: dict[int, ModuleProgress | None], *, now: datetime,
) -> CourseProgress:
    times = module_opening_times(run, live, overrides, enrolled_at=enrolment.enrolled_at)
    targets = target_dates(run, live, enrolment.enrolled_at)
    closed = window_closed(run, enrolment, now)
    states, checklists = [], {}
    for m in live:
        row = rows[m.id]
        states.append(ModuleState(
            m, times[m.id], is_open(times[m.id], now), (m.requirements or {}).get("units", 0),
            row.units_done if row else 0, targets.get(m.id), bool(row and row.completed_at),
        ))
        checklists[m.id] = checklist(m, row, window_closed=closed)
    return _course_progress(Place(course, run, enrolment, states), checklists, window_closed=closed)


def _course_progress(place: Place, checklists: dict[int, list[Requirement]], *, window_closed: bool) -> CourseProgress:
    completed = _course_done(place.modules, place.course)
    steps = {s.module.id: module_next_step(s, checklists[s.module.id]) for s in place.modules}
    return CourseProgress(
        place, sum(s.units_total for s in place.modules), sum(s.units_done for s in place.modules), checklists,
        completed=completed, steps=steps,
        next_step=course_next_step(list(steps.values()), completed=completed, window_closed=window_closed),
    )


def _course_done(states: list[ModuleState], course: Course) -> bool:
    return sum(s.completed for s in states) >= (course.modules_needed or len(states)) and bool(states)
