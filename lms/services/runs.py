"""Runs of a course and when their modules open for a given learner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from lms.extensions import db
from lms.models import Module, ReleaseOverride, Run
from lms.releases import ReleaseRule, opening_times


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


def live_modules_with_overrides(course_id: int, run_id: int | None) -> tuple[list[Module], dict[int, datetime]]:
    """The course's live modules in order, and the run's overrides: one query."""
    rows = db.session.execute(
        select(Module, ReleaseOverride.opens_at)
        .outerjoin(ReleaseOverride, (ReleaseOverride.module_id == Module.id) & (ReleaseOverride.run_id == run_id))
        .where(Module.course_id == course_id, Module.archived_at.is_(None))
        .order_by(Module.position)
    ).all()
    return [m for m, _ in rows], {m.id: opens for m, opens in rows if opens is not None}


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
