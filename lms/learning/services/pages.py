"""What a learner reads and does inside a course: the place in it, modules, units.

Every read checks enrolment and release here, so no page can leak a locked
module or another learner's progress whatever ids it is handed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from lms.core.completion import ProgressResult, record_work
from lms.core.errors import DomainError, ModuleLocked, NotEnrolled, NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.courses.services import content
from lms.courses.services.runs import is_open, live_modules_with_overrides, module_opening_times
from lms.learning import queries
from lms.learning.models import Enrolment, ModuleProgress, UnitProgress
from lms.learning.services.checklist import NextStep, Requirement, checklist, module_next_step
from lms.learning.services.membership import window_closed

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Module, Run, Unit


# Reading a page counts as activity; recording it at most hourly keeps page views write-free.
ACTIVITY_RESOLUTION = timedelta(hours=1)


@dataclass(frozen=True)
class ModuleState:
    module: Module  # a read-only record (lms.core.db.record_type), as are Place's course, run and enrolment
    opens_at: datetime | None
    is_open: bool
    units_total: int = 0
    units_done: int = 0
    target_at: datetime | None = None  # self-paced runs with a pace: aim to finish by then
    completed: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.units_done / self.units_total) if self.units_total else 0


@dataclass(frozen=True)
class UnitState:
    unit: Unit
    done: bool


@dataclass(frozen=True)
class Place:
    """Where a learner is: their enrolment, its run and course, and the module plan."""

    course: Course
    run: Run
    enrolment: Enrolment
    modules: list[ModuleState]

    def module(self, slug: str) -> ModuleState:
        for state in self.modules:
            if state.module.slug == slug:
                return state
        raise NotFound(gettext("No such module in this course."))

    def neighbours(self, module: Module) -> tuple[ModuleState | None, ModuleState | None]:
        index = next(i for i, s in enumerate(self.modules) if s.module.id == module.id)
        before = self.modules[index - 1] if index > 0 else None
        after = self.modules[index + 1] if index + 1 < len(self.modules) else None
        return before, after


@dataclass(frozen=True)
class ModulePage:
    place: Place
    state: ModuleState
    units: list[UnitState]
    previous: ModuleState | None
    next: ModuleState | None
    window_closed: bool
    progress: ModuleProgress | None = None
    checklist: list[Requirement] = field(default_factory=list)  # computed by the service, not while rendering
    next_step: NextStep | None = None  # with the checklist: what to do next in this module

    @property
    def completed(self) -> bool:
        return bool(self.progress and self.progress.completed_at)

    @property
    def version(self) -> tuple:
        """What the page shows beyond the course's content (its source hash covers every module,
        unit and rule): the run, each module's opening, the ticks, the progress row. Conditional
        GET compares it; whatever the page starts to show must be in it."""
        place = self.place
        return (place.course.id, place.course.source_hash, tuple(place.run), self.state.module.id, self.window_closed,
                tuple((s.module.id, s.is_open, s.opens_at) for s in place.modules),
                tuple((u.unit.id, u.done) for u in self.units), tuple(self.progress) if self.progress else None)


@dataclass(frozen=True)
class UnitPage:
    module_page: ModulePage
    unit: UnitState
    previous_unit: UnitState | None
    next_unit: UnitState | None

    @property
    def version(self) -> tuple:
        return self.module_page.version + (self.unit.unit.id,)


def get_place(user: User, course_slug: str, *, now: datetime) -> Place:
    """The learner's latest enrolment in the course, with each module's opening time."""
    row = queries.latest_enrolment_in(user.id, course_slug)
    if row is None:
        content.get_live_course(course_slug)  # NotFound when there is no such course
        raise NotEnrolled(course_slug)
    course, run, enrolment = row
    modules, overrides = live_modules_with_overrides(course.id, run.id, source_hash=course.source_hash)
    times = module_opening_times(run, modules, overrides, enrolled_at=enrolment.enrolled_at)
    states = [ModuleState(m, times[m.id], is_open(times[m.id], now)) for m in modules]
    return Place(course, run, enrolment, states)


def _open_module(place: Place, module_slug: str) -> ModuleState:
    state = place.module(module_slug)
    if not state.is_open:
        raise ModuleLocked(state.module.title, state.opens_at, place.course.language)
    return state


def get_module_page(
    user: User, course_slug: str, module_slug: str, *, now: datetime, with_html: bool = False, with_checklist: bool = True
) -> ModulePage:
    place = get_place(user, course_slug, now=now)
    state = _open_module(place, module_slug)
    rows, progress = queries.units_with_progress(state.module.id, place.enrolment.id, with_html=with_html)
    units = [UnitState(unit, done) for unit, done in rows]
    state = ModuleState(state.module, state.opens_at, True, len(units), sum(u.done for u in units))
    previous, following = place.neighbours(state.module)
    progress = progress if with_checklist else None
    closed = window_closed(place.run, place.enrolment, now)  # a personal deadline keeps it open
    items = checklist(state.module, progress, window_closed=closed) if with_checklist else []
    step = module_next_step(
        replace(state, completed=bool(progress and progress.completed_at)), items,
        first_unread=next((u.unit.slug for u in units if not u.done), None),
    ) if with_checklist else None
    return ModulePage(place, state, units, previous, following, closed, progress, items, step)


def get_unit_page(user: User, course_slug: str, module_slug: str, unit_slug: str, *, now: datetime) -> UnitPage:
    """A unit to read; remembers it as the place to continue from."""
    page = get_module_page(user, course_slug, module_slug, now=now, with_html=True, with_checklist=False)
    index = next((i for i, u in enumerate(page.units) if u.unit.slug == unit_slug), None)
    if index is None:
        raise NotFound(gettext("No such unit in this module."))
    enrolment = _remember(page.place.enrolment, page.units[index].unit.id, now)
    page = replace(page, place=replace(page.place, enrolment=enrolment))
    return UnitPage(
        module_page=page,
        unit=page.units[index],
        previous_unit=page.units[index - 1] if index > 0 else None,
        next_unit=page.units[index + 1] if index + 1 < len(page.units) else None,
    )


def _remember(enrolment: Enrolment, unit_id: int, now: datetime) -> Enrolment:
    """Record the unit as the place to continue from, and the activity at most hourly: an
    UPDATE only when something changed, so that rereading a page writes nothing."""
    changes = {}
    if enrolment.last_unit_id != unit_id:
        changes["last_unit_id"] = unit_id
    if enrolment.last_active_at is None or now - enrolment.last_active_at > ACTIVITY_RESOLUTION:
        changes["last_active_at"] = now
    if not changes:
        return enrolment
    db.session.execute(update(Enrolment.__table__).where(Enrolment.__table__.c.id == enrolment.id).values(**changes))
    return enrolment._replace(**changes)


def complete_unit(
    user: User, course_slug: str, module_slug: str, unit_slug: str, *, now: datetime
) -> tuple[UnitPage, ProgressResult]:
    """Mark a unit as done; doing it twice changes nothing."""
    page = get_unit_page(user, course_slug, module_slug, unit_slug, now=now)
    if page.module_page.window_closed:
        raise DomainError(gettext(
            "This course run has closed: its content stays readable, but progress can no longer be recorded."))
    if page.unit.done:
        return page, ProgressResult()  # already counted: nothing to recompute
    try:
        with db.session.begin_nested():
            db.session.add(UnitProgress(enrolment_id=page.module_page.place.enrolment.id, unit_id=page.unit.unit.id, completed_at=now))
    except IntegrityError:
        return page, ProgressResult()  # the same click arrived twice
    return page, record_work(page.module_page.place.enrolment, page.module_page.state.module, now=now)


def continue_target(user: User, course_slug: str, *, now: datetime, module_slug: str | None = None) -> tuple[str, str] | None:
    """(module slug, unit slug) to go back to: the last unit read if unfinished,
    else the first unfinished unit after it, else the first unfinished one; within one
    module when ``module_slug`` names an open one."""
    place = get_place(user, course_slug, now=now)
    open_ids = [s.module.id for s in place.modules if s.is_open and (module_slug is None or s.module.slug == module_slug)]
    if not open_ids:
        return None
    slugs = {s.module.id: s.module.slug for s in place.modules}
    rows = queries.open_units_with_progress(open_ids, place.enrolment.id)
    last = next((i for i, r in enumerate(rows) if r[0] == place.enrolment.last_unit_id), None)
    ordered = rows[last:] + rows[:last] if last is not None else rows
    target = next((r for r in ordered if r[3] is None), None) or (rows[last] if last is not None else None)
    target = target or (rows[0] if rows else None)  # a module read to the end: its first page
    return (slugs[target[2]], target[1]) if target else None
