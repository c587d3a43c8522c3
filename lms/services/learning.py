"""What a learner reads and does inside a course: modules, units, progress.

Every read checks enrolment and release here, so no page can leak a locked
module or another learner's progress whatever ids it is handed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer

from lms.errors import DomainError, ModuleLocked, NotEnrolled, NotFound
from lms.extensions import db
from lms.models import Certificate, Course, Enrolment, Module, ModuleProgress, ReleaseOverride, Run, Unit, UnitProgress, User
from lms.services.checklist import Requirement, checklist
from lms.services.progress import ProgressResult, recompute
from lms.releases import is_open
from lms.services.runs import is_window_closed, live_modules_with_overrides, module_opening_times, target_dates


# Reading a page counts as activity; recording it at most hourly keeps page views write-free.
ACTIVITY_RESOLUTION = timedelta(hours=1)


@dataclass(frozen=True)
class ModuleState:
    module: Module
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
        raise NotFound("No such module in this course.")

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

    @property
    def checklist(self) -> list[Requirement]:
        return checklist(self.state.module, self.progress, window_closed=self.window_closed)

    @property
    def completed(self) -> bool:
        return bool(self.progress and self.progress.completed_at)


@dataclass(frozen=True)
class UnitPage:
    module_page: ModulePage
    unit: UnitState
    previous_unit: UnitState | None
    next_unit: UnitState | None


def get_place(user: User, course_slug: str, *, now: datetime) -> Place:
    """The learner's latest enrolment in the course, with each module's opening time."""
    row = db.session.execute(
        select(Course, Run, Enrolment)
        .join(Run, Run.course_id == Course.id)
        .join(Enrolment, Enrolment.run_id == Run.id)
        .where(Course.slug == course_slug, Course.archived_at.is_(None), Enrolment.user_id == user.id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .limit(1)
    ).first()
    if row is None:
        if db.session.scalar(select(Course.id).where(Course.slug == course_slug, Course.archived_at.is_(None))):
            raise NotEnrolled(course_slug)
        raise NotFound("No such course.")
    course, run, enrolment = row
    modules, overrides = live_modules_with_overrides(course.id, run.id)
    times = module_opening_times(run, modules, overrides, enrolled_at=enrolment.enrolled_at)
    states = [ModuleState(m, times[m.id], is_open(times[m.id], now)) for m in modules]
    return Place(course, run, enrolment, states)


def _open_module(place: Place, module_slug: str) -> ModuleState:
    state = place.module(module_slug)
    if not state.is_open:
        raise ModuleLocked(state.module.title, state.opens_at)
    return state


def _unit_states(module_id: int, enrolment_id: int, *, with_html: bool) -> list[UnitState]:
    query = (
        select(Unit, UnitProgress.id)
        .outerjoin(UnitProgress, (UnitProgress.unit_id == Unit.id) & (UnitProgress.enrolment_id == enrolment_id))
        .where(Unit.module_id == module_id, Unit.archived_at.is_(None))
        .order_by(Unit.position)
    )
    if not with_html:
        query = query.options(defer(Unit.html))
    return [UnitState(unit, done is not None) for unit, done in db.session.execute(query)]


def get_module_page(
    user: User, course_slug: str, module_slug: str, *, now: datetime, with_html: bool = False, with_checklist: bool = True
) -> ModulePage:
    place = get_place(user, course_slug, now=now)
    state = _open_module(place, module_slug)
    units = _unit_states(state.module.id, place.enrolment.id, with_html=with_html)
    done = sum(u.done for u in units)
    state = ModuleState(state.module, state.opens_at, True, len(units), done)
    previous, following = place.neighbours(state.module)
    progress = db.session.scalar(select(ModuleProgress).where(
        ModuleProgress.enrolment_id == place.enrolment.id, ModuleProgress.module_id == state.module.id)
    ) if with_checklist else None
    return ModulePage(place, state, units, previous, following, is_window_closed(place.run, now), progress)


def get_unit_page(user: User, course_slug: str, module_slug: str, unit_slug: str, *, now: datetime) -> UnitPage:
    """A unit to read; remembers it as the place to continue from."""
    page = get_module_page(user, course_slug, module_slug, now=now, with_html=True, with_checklist=False)
    index = next((i for i, u in enumerate(page.units) if u.unit.slug == unit_slug), None)
    if index is None:
        raise NotFound("No such unit in this module.")
    enrolment = page.place.enrolment
    enrolment.last_unit_id = page.units[index].unit.id
    if enrolment.last_active_at is None or now - enrolment.last_active_at > ACTIVITY_RESOLUTION:
        enrolment.last_active_at = now
    return UnitPage(
        module_page=page,
        unit=page.units[index],
        previous_unit=page.units[index - 1] if index > 0 else None,
        next_unit=page.units[index + 1] if index + 1 < len(page.units) else None,
    )


def complete_unit(
    user: User, course_slug: str, module_slug: str, unit_slug: str, *, now: datetime
) -> tuple[UnitPage, ProgressResult]:
    """Mark a unit as done; doing it twice changes nothing."""
    page = get_unit_page(user, course_slug, module_slug, unit_slug, now=now)
    if page.module_page.window_closed:
        raise DomainError("This course run has closed: its content stays readable, but progress can no longer be recorded.")
    if page.unit.done:
        return page, ProgressResult()  # already counted: nothing to recompute
    try:
        with db.session.begin_nested():
            db.session.add(UnitProgress(enrolment_id=page.module_page.place.enrolment.id, unit_id=page.unit.unit.id, completed_at=now))
    except IntegrityError:
        return page, ProgressResult()  # the same click arrived twice
    return page, recompute(page.module_page.place.enrolment, page.module_page.state.module, now=now)


def continue_target(user: User, course_slug: str, *, now: datetime) -> tuple[str, str] | None:
    """(module slug, unit slug) to go back to: the last unit read if unfinished,
    else the first unfinished unit after it, else the first unfinished one."""
    place = get_place(user, course_slug, now=now)
    open_ids = [s.module.id for s in place.modules if s.is_open]
    if not open_ids:
        return None
    slugs = {s.module.id: s.module.slug for s in place.modules}
    rows = db.session.execute(
        select(Unit.id, Unit.slug, Unit.module_id, UnitProgress.id)
        .join(Module, Module.id == Unit.module_id)
        .outerjoin(UnitProgress, (UnitProgress.unit_id == Unit.id) & (UnitProgress.enrolment_id == place.enrolment.id))
        .where(Unit.module_id.in_(open_ids), Unit.archived_at.is_(None))
        .order_by(Module.position, Unit.position)
    ).all()
    last = next((i for i, r in enumerate(rows) if r[0] == place.enrolment.last_unit_id), None)
    ordered = rows[last:] + rows[:last] if last is not None else rows
    target = next((r for r in ordered if r[3] is None), None) or (rows[last] if last is not None else None)
    return (slugs[target[2]], target[1]) if target else None


@dataclass(frozen=True)
class CourseProgress:
    place: Place
    units_total: int
    units_done: int
    checklists: dict[int, list[Requirement]] = field(default_factory=dict)
    completed: bool = False
    certificate_uid: str | None = None

    @property
    def modules_completed(self) -> int:
        return sum(s.completed for s in self.place.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.units_done / self.units_total) if self.units_total else 0


def list_my_courses(user: User, *, now: datetime) -> list[CourseProgress]:
    """The dashboard: every enrolment with progress per module, in a fixed number of queries."""
    rows = db.session.execute(
        select(Enrolment, Run, Course)
        .join(Run, Run.id == Enrolment.run_id)
        .join(Course, Course.id == Run.course_id)
        .where(Enrolment.user_id == user.id, Course.archived_at.is_(None))
        .order_by(Enrolment.enrolled_at.desc())
    ).all()
    if not rows:
        return []
    course_ids = {course.id for _, _, course in rows}
    run_ids = {run.id for _, run, _ in rows}
    enrolment_ids = {enrolment.id for enrolment, _, _ in rows}

    modules = list(db.session.scalars(
        select(Module).where(Module.course_id.in_(course_ids), Module.archived_at.is_(None))
        .order_by(Module.course_id, Module.position)
    ))
    overrides = db.session.execute(
        select(ReleaseOverride.run_id, ReleaseOverride.module_id, ReleaseOverride.opens_at).where(ReleaseOverride.run_id.in_(run_ids))
    ).all()
    progress = {
        (row.enrolment_id, row.module_id): row
        for row in db.session.scalars(select(ModuleProgress).where(ModuleProgress.enrolment_id.in_(enrolment_ids)))
    }
    certificates = dict(db.session.execute(
        select(Certificate.enrolment_id, Certificate.uid).where(Certificate.enrolment_id.in_(enrolment_ids))).all())

    result = []
    for enrolment, run, course in rows:
        live = [m for m in modules if m.course_id == course.id]
        run_overrides = {module_id: opens for run_id, module_id, opens in overrides if run_id == run.id}
        times = module_opening_times(run, live, run_overrides, enrolled_at=enrolment.enrolled_at)
        targets = target_dates(run, live, enrolment.enrolled_at)
        closed = is_window_closed(run, now)
        states, checklists = [], {}
        for m in live:
            row = progress.get((enrolment.id, m.id))
            states.append(ModuleState(
                m, times[m.id], is_open(times[m.id], now), (m.requirements or {}).get("units", 0),
                row.units_done if row else 0, targets.get(m.id), bool(row and row.completed_at),
            ))
            checklists[m.id] = checklist(m, row, window_closed=closed)
        place = Place(course, run, enrolment, states)
        result.append(CourseProgress(
            place, sum(s.units_total for s in states), sum(s.units_done for s in states), checklists,
            completed=_course_done(states, course), certificate_uid=certificates.get(enrolment.id),
        ))
    return result


def _course_done(states: list[ModuleState], course: Course) -> bool:
    return sum(s.completed for s in states) >= (course.modules_needed or len(states)) and bool(states)
