"""Tutors plan a run's release dates: see the plan, preview a change, save it.

Saving records every moved date in the audit log and sends each enrolled
learner one digest, however many modules moved. Moving a module that is open now
into the future takes it away from the learners until then: the plan counts them,
and saving needs the tutor's explicit confirmation of exactly those modules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from lms.core.audit import record_audit
from lms.core.errors import DomainError, NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.courses.services import runs, staffing
from lms.courses.services.runs import is_open, live_modules_with_overrides, module_opening_times
from lms.learning import services as learning
from lms.notifications.services import notify_users
from lms.schedule import queries
from lms.schedule.models import ScheduleChange

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Course, Module, Run


class RelockNotConfirmed(DomainError):
    """The change would close modules that are open now and the tutor has not confirmed it."""


class ScheduleInvalid(DomainError):
    """The proposed dates break the rules; ``problems`` says which and why."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ScheduleRow:
    module: Module
    opens_at: datetime | None
    moved_by_tutor: bool
    open_now: bool


@dataclass(frozen=True)
class Schedule:
    course: Course
    run: Run
    rows: list[ScheduleRow]
    enrolled: int

    @property
    def editable(self) -> bool:
        return self.run.release_mode == "scheduled"


@dataclass(frozen=True)
class Change:
    module: Module
    old: datetime | None
    new: datetime
    relocks: bool  # open now, closed again until ``new``


@dataclass(frozen=True)
class Shift:
    first: str  # module slugs, inclusive
    last: str
    days: int


@dataclass(frozen=True)
class SchedulePlan:
    schedule: Schedule
    changes: list[Change]
    learners_losing_access: int  # can see the relocked modules now; 0 when nothing relocks

    @property
    def affected_learners(self) -> int:
        return self.schedule.enrolled if self.changes else 0

    @property
    def relocked(self) -> list[Change]:
        return [change for change in self.changes if change.relocks]

    @property
    def relock_confirmation(self) -> str:
        """What the confirmation box sends: the slugs of the modules it takes away."""
        return " ".join(change.module.slug for change in self.relocked)


def get_schedule(user: User, course_slug: str, run_slug: str, *, now: datetime) -> Schedule:
    """The plan of one run; only that course's tutors (and admins) may see it."""
    return _schedule(*staffing.get_taught_run(user, course_slug, run_slug), now=now)


def _schedule(course: Course, run: Run, *, now: datetime) -> Schedule:
    modules, overrides = live_modules_with_overrides(course.id, run.id)
    times = module_opening_times(run, modules, overrides, enrolled_at=None)
    tutor_set = runs.modules_moved_by_tutors(run.id)
    enrolled = learning.count_enrolled(run.id)
    rows = [ScheduleRow(m, times[m.id], m.id in tutor_set, is_open(times[m.id], now)) for m in modules]
    return Schedule(course, run, rows, enrolled)


def plan_change(
    user: User, course_slug: str, run_slug: str, *, new_dates: dict[str, datetime] | None = None, shift: Shift | None = None,
    now: datetime,
) -> SchedulePlan:
    """What would change, checked against the rules, and who would lose access; nothing is written."""
    schedule = get_schedule(user, course_slug, run_slug, now=now)
    if not schedule.editable:
        raise DomainError(gettext("This run is self-paced: every module opens when the learner enrols."))
    zone = ZoneInfo(schedule.run.timezone)
    proposed = {row.module.slug: row.opens_at for row in schedule.rows}
    slugs = list(proposed)
    unknown = [slug for slug in (new_dates or {}) if slug not in proposed]
    if unknown:
        raise NotFound(gettext("No module '%(module)s' in this course.", module=unknown[0]))
    proposed.update(new_dates or {})
    if shift and shift.days:
        if shift.first not in proposed or shift.last not in proposed:
            raise NotFound(gettext("Choose the first and last module to shift."))
        first, last = sorted((slugs.index(shift.first), slugs.index(shift.last)))
        for slug in slugs[first:last + 1]:
            if proposed[slug] is not None:
                # Whole days on the run's wall clock: 09:00 stays 09:00 across a DST change.
                local = proposed[slug].astimezone(zone) + timedelta(days=shift.days)
                proposed[slug] = local.astimezone(ZoneInfo("UTC"))
    _check(schedule, proposed)
    changes = [
        Change(row.module, row.opens_at, proposed[row.module.slug], row.open_now and not is_open(proposed[row.module.slug], now))
        for row in schedule.rows
        if proposed[row.module.slug] != row.opens_at
    ]
    # In a scheduled run a module open now is open to every learner enrolled by now.
    losing = queries.count_learners_enrolled_by(schedule.run.id, now) if any(c.relocks for c in changes) else 0
    return SchedulePlan(schedule, changes, losing)


def _check(schedule: Schedule, proposed: dict[str, datetime | None]) -> None:
    run = schedule.run
    titles = {row.module.slug: row.module.title for row in schedule.rows}
    problems, previous = [], None
    for slug, opens_at in proposed.items():
        if opens_at is None:
            problems.append(gettext("“%(module)s” needs an opening date.", module=titles[slug]))
            continue
        if opens_at < run.starts_at:
            problems.append(gettext("“%(module)s” would open before the run starts.", module=titles[slug]))
        if run.ends_at and opens_at >= run.ends_at:
            problems.append(gettext("“%(module)s” would open after the course window closes.", module=titles[slug]))
        if previous and opens_at < previous[1]:
            problems.append(gettext("“%(module)s” would open before “%(previous)s”: keep the modules in order.",
                                    module=titles[slug], previous=titles[previous[0]]))
        previous = (slug, opens_at)
    if problems:
        raise ScheduleInvalid(problems)


def apply_change(
    user: User, course_slug: str, run_slug: str, *, new_dates: dict[str, datetime] | None = None,
    shift: Shift | None = None, confirmed_relocks: str = "", now: datetime,
) -> SchedulePlan:
    """Save the plan (re-checked against the current dates), log it, and queue one digest per learner.
    Saves of one run are serialised, so a double click saves once. Closing modules that are open
    now needs ``confirmed_relocks`` to name each of them (``SchedulePlan.relock_confirmation``):
    one that opened since the preview is not taken away on an old confirmation."""
    staffing.get_taught_run(user, course_slug, run_slug)  # permission first
    runs.lock_run(course_slug, run_slug)
    plan = plan_change(user, course_slug, run_slug, new_dates=new_dates, shift=shift, now=now)
    if not plan.changes:
        return plan
    if not {change.module.slug for change in plan.relocked} <= set(confirmed_relocks.split()):
        raise RelockNotConfirmed(
            ngettext("%(num)d learner would lose access to modules they can open now: confirm it to save.",
                     "%(num)d learners would lose access to modules they can open now: confirm it to save.",
                     plan.learners_losing_access))
    run = plan.schedule.run
    change_set = str(uuid.uuid4())
    runs.move_openings(run.id, {change.module.id: change.new for change in plan.changes})
    for change in plan.changes:
        db.session.add(ScheduleChange(
            change_set=change_set, run_id=run.id, module_id=change.module.id, old_opens_at=change.old,
            new_opens_at=change.new, changed_by_id=user.id, changed_at=now, learners_notified=plan.affected_learners,
        ))
    record_audit(action="schedule.change", now=now, actor_id=user.id, target_kind="run", target_id=run.id,
                 details={"change_set": change_set, "modules": ", ".join(c.module.slug for c in plan.changes)})
    course = plan.schedule.course
    notify_users(
        learning.enrolled_user_ids(run.id),
        kind="schedule_changed",
        key=f"schedule_changed:{change_set}",
        payload={
            "course": course.slug, "course_title": course.title, "course_language": course.language, "run": run.slug,
            "changes": [
                {"module": c.module.slug, "module_title": c.module.title,
                 "old": c.old.isoformat() if c.old else None, "new": c.new.isoformat()}
                for c in plan.changes
            ],
        },
        now=now,
    )
    return plan


def list_changes(user: User, course_slug: str, run_slug: str, *, limit: int = 50) -> list[tuple[ScheduleChange, Module, User]]:
    _, run = staffing.get_taught_run(user, course_slug, run_slug)
    return queries.changes_of(run.id, limit=limit)


def run_plan(course_slug: str, run_slug: str | None, *, now: datetime) -> Schedule:
    """For the CLI (an operator, not a web user): the plan of a run, the latest by default."""
    try:
        return _schedule(*staffing.find_run(course_slug, run_slug), now=now)
    except NotFound:
        if run_slug:
            raise NotFound(gettext("No course '%(course)s' with a run '%(run)s'.", course=course_slug, run=run_slug)) from None
        raise NotFound(gettext("No course '%(course)s'.", course=course_slug)) from None
