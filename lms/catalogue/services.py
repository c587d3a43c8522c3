"""The public catalogue and course pages: readable by anyone, no module content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from lms.accounts.models import User
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.courses.models import Course, Module, Run
from lms.courses.releases import is_open
from lms.courses.services.runs import featured_runs, is_window_closed, live_modules_with_overrides, module_opening_times
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
    courses = db.session.scalars(select(Course).where(Course.archived_at.is_(None)).order_by(Course.title)).all()
    runs = db.session.scalars(select(Run).where(Run.course_id.in_([c.id for c in courses]))).all()
    counts = dict(
        db.session.execute(
            select(Module.course_id, db.func.count())
            .where(Module.archived_at.is_(None))
            .group_by(Module.course_id)
        ).all()
    )
    cards = []
    for course in courses:
        joinable = featured_runs([r for r in runs if r.course_id == course.id], now)
        cards.append(CourseCard(course, counts.get(course.id, 0), joinable[0] if joinable else None))
    return cards


def get_course_page(course_slug: str, viewer: User | None, *, now: datetime) -> CoursePage:
    course = db.session.scalar(select(Course).where(Course.slug == course_slug, Course.archived_at.is_(None)))
    if course is None:
        raise NotFound("No such course.")
    runs = db.session.scalars(select(Run).where(Run.course_id == course.id).order_by(Run.starts_at)).all()
    enrolment = None
    if viewer is not None:
        enrolment = db.session.scalar(
            select(Enrolment)
            .where(Enrolment.user_id == viewer.id, Enrolment.run_id.in_([r.id for r in runs]))
            .order_by(Enrolment.enrolled_at.desc())
            .limit(1)
        )
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
