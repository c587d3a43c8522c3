"""The public catalogue and course pages: readable by anyone, no module content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lms.catalogue import queries
from lms.courses.services import content
from lms.courses.services.runs import (
    featured_runs,
    is_open,
    is_window_closed,
    live_modules_with_overrides,
    module_opening_times,
)
from lms.learning import services as learning

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Module, Run
    from lms.learning.models import Enrolment


@dataclass(frozen=True)
class CourseCard:
    course: Course
    module_count: int
    next_run: Run | None


@dataclass(frozen=True)
class ModuleLine:
    module: Module
    opens_at: datetime | None
    is_open: bool

    @property
    def hours(self) -> float:
        return round(self.module.estimated_minutes / 60, 1)


@dataclass(frozen=True)
class CoursePage:
    course: Course
    run: Run | None  # the run whose dates are shown: the viewer's, else the next to join
    enrolment: Enrolment | None
    modules: list[ModuleLine]
    joinable_runs: list[Run]
    window_closed: bool

    @property
    def total_hours(self) -> float:
        return round(sum(m.module.estimated_minutes for m in self.modules) / 60, 1)


def list_courses(*, now: datetime) -> list[CourseCard]:
    courses, runs, counts = queries.live_courses_with_runs()
    cards = []
    for course in courses:
        joinable = featured_runs([r for r in runs if r.course_id == course.id], now)
        cards.append(CourseCard(course, counts.get(course.id, 0), joinable[0] if joinable else None))
    return cards


def get_course_page(course_slug: str, viewer: User | None, *, now: datetime) -> CoursePage:
    course = content.get_live_course(course_slug)
    runs = queries.runs_of(course.id)
    enrolment = learning.latest_enrolment(viewer.id, [r.id for r in runs]) if viewer is not None else None
    joinable = featured_runs(runs, now)
    if enrolment is not None:
        run = next(r for r in runs if r.id == enrolment.run_id)
    else:
        run = joinable[0] if joinable else (runs[-1] if runs else None)
    modules, overrides = live_modules_with_overrides(course.id, run.id if run else None)
    times = (
        module_opening_times(run, modules, overrides, enrolled_at=enrolment.enrolled_at if enrolment else None)
        if run else {m.id: None for m in modules}
    )
    lines = [ModuleLine(m, times[m.id], is_open(times[m.id], now)) for m in modules]
    return CoursePage(
        course=course,
        run=run,
        enrolment=enrolment,
        modules=lines,
        joinable_runs=[r for r in joinable if enrolment is None or r.id != enrolment.run_id],
        window_closed=bool(run and is_window_closed(run, now)),
    )
