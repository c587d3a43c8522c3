"""Runs of a course and when their modules open for a given learner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import bindparam, select

from lms.core.db import as_record, lock_row, record_columns
from lms.core.fragments import LRU
from lms.core.extensions import db
from lms.courses.models import Course, Module, ReleaseOverride, Run
from lms.courses.releases import ReleaseRule, is_open, opening_times

__all__ = [
    "featured_runs", "is_enrolment_open", "is_open", "is_window_closed", "live_modules_with_overrides", "lock_run",
    "module_opening_times", "modules_moved_by_tutors", "move_openings", "rule_of", "ensure_run", "latest_run_timezone", "target_dates",
]


def rule_of(run: Run, overrides: dict[str, datetime] | None = None) -> ReleaseRule:
    return ReleaseRule(
        mode=run.release_mode,
        initial=run.release_initial,
        batch=run.release_batch,
        every_days=run.release_every_days,
        overrides=overrides or {},
    )


def module_opening_times(
    run: Run, modules: Sequence[Module], overrides: dict[int, datetime], *, enrolled_at: datetime | None
) -> dict[int, datetime | None]:
    """Opening instant per module id; ``modules`` are the live ones in course order."""
    by_slug = {m.slug: overrides[m.id] for m in modules if m.id in overrides}
    times = opening_times(
        rule_of(run, by_slug), run.starts_at, [m.slug for m in modules], zone=run.timezone, enrolled_at=enrolled_at
    )
    return {m.id: times[m.slug] for m in modules}


_modules, _overrides = Module.__table__, ReleaseOverride.__table__
# Read on every learner page: Core statements built once, returning records (see lms.core.db.record_type).
_LIVE_MODULES_WITH_OVERRIDES = (
    select(*record_columns(Module), _overrides.c.opens_at)
    .select_from(_modules)
    .outerjoin(_overrides, (_overrides.c.module_id == _modules.c.id) & (_overrides.c.run_id == bindparam("run_id")))
    .where(_modules.c.course_id == bindparam("course_id"), _modules.c.archived_at.is_(None))
    .order_by(_modules.c.position)
)
_OVERRIDES_OF_RUN = select(_overrides.c.module_id, _overrides.c.opens_at).where(_overrides.c.run_id == bindparam("run_id"))
KEPT_COURSES = 64


def live_modules_with_overrides(
    course_id: int, run_id: int | None, *, source_hash: str | None = None
) -> tuple[list[Module], dict[int, datetime]]:
    """The course's live modules (read-only records) in order, and the run's overrides: one query.

    Given the course's ``source_hash``, the modules are kept in memory: only a sync changes them,
    and it changes the hash with them (the hash covers every module file and the course file's
    list). Then the one query is the run's overrides, a couple of small rows."""
    kept = current_app.extensions.setdefault("courses.live_modules", LRU(KEPT_COURSES)) if source_hash else None
    modules = kept.get((course_id, source_hash)) if kept is not None else None
    if modules is not None:
        found = db.session.execute(_OVERRIDES_OF_RUN, {"run_id": run_id}).all() if run_id is not None else []
        live = {module.id for module in modules}
        return list(modules), {module_id: opens for module_id, opens in found if module_id in live}
    modules, overrides = [], {}
    for row in db.session.execute(_LIVE_MODULES_WITH_OVERRIDES, {"course_id": course_id, "run_id": run_id}):
        module = as_record(Module, row[:-1])
        modules.append(module)
        if row[-1] is not None:
            overrides[module.id] = row[-1]
    if kept is not None:
        kept.put((course_id, source_hash), tuple(modules))
    return modules, overrides


def is_enrolment_open(run: Run, now: datetime) -> bool:
    """Inside the run's enrolment period; by default from now until the window closes."""
    if run.enrolment_opens_at is not None and now < run.enrolment_opens_at:
        return False
    closes = run.enrolment_closes_at or run.ends_at
    return closes is None or now < closes


def target_dates(run: Run, modules: Sequence[Module], enrolled_at: datetime) -> dict[int, datetime]:
    """Self-paced runs with ``pace_days``: when each learner should aim to finish each module."""
    if not run.pace_days:
        return {}
    return {m.id: enrolled_at + timedelta(days=run.pace_days * (i + 1)) for i, m in enumerate(modules)}


def is_window_closed(run: Run, now: datetime) -> bool:
    return run.ends_at is not None and now >= run.ends_at


def featured_runs(runs: Sequence[Run], now: datetime) -> list[Run]:
    """Runs a newcomer can join, soonest first."""
    return sorted((r for r in runs if is_enrolment_open(r, now)), key=lambda r: r.starts_at)


def modules_moved_by_tutors(run_id: int) -> set[int]:
    """Modules whose opening a tutor set on the schedule page (these win over the course file)."""
    return set(db.session.scalars(
        select(ReleaseOverride.module_id).where(ReleaseOverride.run_id == run_id, ReleaseOverride.source == "tutor")))


def lock_run(course_slug: str, run_slug: str) -> None:
    """Serialise schedule changes of one run until the transaction ends."""
    lock_row(Run, db.session.scalar(select(Run.id).join(Course, Course.id == Run.course_id)
                                    .where(Course.slug == course_slug, Run.slug == run_slug)))


def move_openings(run_id: int, opens_at: dict[int, datetime]) -> None:
    """Set the opening of these modules (by id) as a tutor's override."""
    existing = {o.module_id: o for o in db.session.scalars(select(ReleaseOverride).where(ReleaseOverride.run_id == run_id))}
    for module_id, when in opens_at.items():
        override = existing.get(module_id) or ReleaseOverride(run_id=run_id, module_id=module_id)
        override.opens_at, override.source = when, "tutor"
        db.session.add(override)


def latest_run_timezone(course_id: int) -> str | None:
    return db.session.scalar(select(Run.timezone).where(Run.course_id == course_id).order_by(Run.starts_at.desc()).limit(1))


def ensure_run(course: Course, *, slug: str, title: str, timezone: str, starts_at: datetime, ends_at: datetime) -> Run:
    """The course's run with this slug; made if missing, with the release rule of the course's latest run."""
    run = db.session.scalar(select(Run).where(Run.course_id == course.id, Run.slug == slug))
    if run is not None:
        return run
    template = db.session.scalar(select(Run).where(Run.course_id == course.id).order_by(Run.starts_at.desc()))
    run = Run(
        course_id=course.id, slug=slug, title=title, timezone=timezone, starts_at=starts_at, ends_at=ends_at,
        release_mode=template.release_mode if template else "scheduled",
        release_initial=template.release_initial if template else 1,
        release_batch=template.release_batch if template else 1,
        release_every_days=template.release_every_days if template else 7,
    )
    db.session.add(run)
    return run
