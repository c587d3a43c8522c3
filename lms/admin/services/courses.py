"""Courses for the administration: the last import of the course files and its problems, a sync
run from the browser (the same service as ``flask courses sync``), and a new run of a course whose
release rule starts from the course's latest run (the course file's values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from collections.abc import Mapping
from typing import Any

from lms.admin import queries
from lms.core.audit import record_audit
from lms.core.errors import NotFound, ValidationError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.courses.services import runs as course_runs
from lms.courses.services import sync as course_sync


@dataclass(frozen=True)
class SyncState:
    last: object | None  # the latest CourseSync
    by_name: str  # who pressed the button; "" for the command line or an erased account
    problems: list[str]


def sync_state() -> SyncState:
    last = course_sync.last_sync()
    if last is None:
        return SyncState(None, "", [])
    person = queries.get_user(last.by_user_id) if last.by_user_id else None
    return SyncState(last, person.name if person else "", [line for line in last.problems.splitlines() if line])


def problems_of(state: SyncState, course) -> list[str]:
    """The last sync's problems in this course's files (courses/<slug>.toml, content/<slug>/)."""
    marks = (f"{course.slug}.toml:", f"/{course.slug}/")
    return [line for line in state.problems if any(mark in line for mark in marks)]


def run_sync(actor, config: Mapping[str, Any], *, now: datetime):
    """Load the course files and import them, recorded like the command line's sync. The caller commits."""
    return course_sync.sync_files(config, by=actor.id, now=now)


def get_course(course_id: int):
    course = queries.get_course(course_id)
    if course is None:
        raise NotFound(gettext("No such course."))
    return course


def runs_of(course) -> list:
    return queries.runs_of_course(course.id)


def run_defaults(course) -> dict:
    """The new run's form starts from the course's latest run: its time zone and release rule."""
    latest = next(iter(queries.runs_of_course(course.id)), None)
    if latest is None:
        return {"timezone": "UTC", "release_mode": "scheduled", "release_initial": 1, "release_batch": 1,
                "release_every_days": 7}
    return {"timezone": latest.timezone, "release_mode": latest.release_mode, "release_initial": latest.release_initial,
            "release_batch": latest.release_batch, "release_every_days": latest.release_every_days}


def create_run(actor, course, *, slug: str, title: str, timezone: str, starts_at: datetime, ends_at: datetime,
               release: dict, now: datetime):
    """A new run of the course; a run with this short name already there is refused at the field.
    A later sync leaves it alone (a sync only updates the runs its course file lists)."""
    if ends_at <= starts_at:
        raise ValidationError("ends", gettext("The end must come after the start."))
    if queries.run_slug_taken(course.id, slug):
        raise ValidationError("slug", gettext("This course already has a run with this short name."))
    run = course_runs.ensure_run(course, slug=slug, title=title, timezone=timezone, starts_at=starts_at, ends_at=ends_at)
    run.release_mode, run.release_initial = release["release_mode"], release["release_initial"]
    run.release_batch, run.release_every_days = release["release_batch"], release["release_every_days"]
    db.session.flush()  # the run's id, for the audit row
    record_audit(action="run.create", now=now, actor_id=actor.id, target_kind="run", target_id=run.id,
                 details={"course": course.slug, "run": slug, "starts_at": starts_at.isoformat(),
                          "ends_at": ends_at.isoformat(), "release_mode": run.release_mode})
    return run
