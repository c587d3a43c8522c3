"""Import the catalogue on disk into the database, idempotently."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from lms.core.extensions import db
from lms.core.i18n import gettext, in_language, ngettext
from lms.courses.catalog import Catalog, CourseSpec, ModuleSpec, RunSpec, load_catalog
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES
from lms.courses.catalog.specs import RULE_STEPS
from lms.courses.models import Activity, BadgeClass, Course, CourseSync, Module, ReleaseOverride, Run, Unit


@dataclass
class SyncReport:
    """What changed, as (kind, name): ("course", "stem-careers"), ("module", "stem-careers/introduction")."""

    created: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, str]] = field(default_factory=list)
    archived: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.archived)


def sync_courses(
    courses: Iterable[CourseSpec], *, now: datetime, on_course: Callable[[CourseSpec], None] = lambda c: None
) -> SyncReport:
    """Create or update each course; rows whose content hash matches are not touched.
    Modules and units that left the files are archived, never deleted."""
    report = SyncReport()
    for spec in courses:
        _sync_course(spec, now, report)
        on_course(spec)
    return report


def sync_catalog(catalog: Catalog, *, by: int | None, now: datetime,
                 on_course: Callable[[CourseSpec], None] = lambda c: None) -> tuple[SyncReport | None, CourseSync]:
    """Import a loaded catalogue and record the attempt (the command line and the administration's
    button share this, so both show the same last sync). A catalogue with problems imports nothing:
    the record keeps its problems, one ``file:line: message`` a line. The caller commits."""
    if catalog.problems:
        record = CourseSync(by_user_id=by, ok=False, problems="\n".join(str(p) for p in catalog.problems),
                            changes={}, finished_at=now)
        db.session.add(record)
        return None, record
    report = sync_courses(catalog.courses, now=now, on_course=on_course)
    record = CourseSync(by_user_id=by, ok=True, problems="", finished_at=now, changes={
        "created": len(report.created), "updated": len(report.updated), "archived": len(report.archived),
        "unchanged": report.unchanged})
    db.session.add(record)
    return report, record


def sync_files(config: Mapping[str, Any], *, by: int | None, now: datetime) -> CourseSync:
    """Load the course files named by the configuration (COURSES_DIR, CONTENT_DIR) and import
    them, recorded: the administration's sync button."""
    catalog = load_catalog(Path(config["COURSES_DIR"]), Path(config["CONTENT_DIR"]),
                           max_file_bytes=config.get("COURSE_FILE_MAX_BYTES", DEFAULT_MAX_FILE_BYTES))
    return sync_catalog(catalog, by=by, now=now)[1]


def last_sync() -> CourseSync | None:
    return db.session.scalar(select(CourseSync).order_by(CourseSync.finished_at.desc(), CourseSync.id.desc()).limit(1))


def _sync_course(spec: CourseSpec, now: datetime, report: SyncReport) -> None:
    course = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    if course is not None and course.source_hash == spec.source_hash and course.archived_at is None:
        if course.translation_group == spec.translation_group:
            report.unchanged += 1
        else:  # another file linked or unlinked this course as a translation
            course.translation_group = spec.translation_group
            report.updated.append(("course", spec.slug))
        return
    if course is None:
        course = Course(slug=spec.slug)
        db.session.add(course)
        report.created.append(("course", spec.slug))
    else:
        report.updated.append(("course", spec.slug))
    course.title = spec.title
    course.summary = spec.summary
    course.audience = list(spec.audience)
    course.cover_path, course.cover_alt = spec.cover, spec.cover_alt
    course.language = spec.language
    course.translation_group = spec.translation_group
    course.hours_per_week_min, course.hours_per_week_max = spec.hours_per_week
    course.outcomes = list(spec.outcomes)
    course.modules_needed = spec.modules_needed
    course.source_hash = spec.source_hash
    course.archived_at = None
    db.session.flush()

    existing = {m.slug: m for m in db.session.scalars(select(Module).where(Module.course_id == course.id))}
    for position, module_spec in enumerate(spec.modules):
        module = existing.pop(module_spec.slug, None)
        _sync_module(course, module, module_spec, position, report, now)
    for module in existing.values():
        if module.archived_at is None:
            module.archived_at = now
            report.archived.append(("module", f"{spec.slug}/{module.slug}"))

    modules_by_slug = {
        m.slug: m for m in db.session.scalars(select(Module).where(Module.course_id == course.id))
    }
    for run_spec in spec.runs:
        _sync_run(course, run_spec, modules_by_slug)
    _sync_badges(course, spec, modules_by_slug, now)


def _sync_badges(course: Course, spec: CourseSpec, modules_by_slug: dict[str, Module], now: datetime) -> None:
    """One badge class per declared badge; a badge dropped from the file is archived (awards stay valid)."""
    wanted = {course.slug: (None, spec.badge)} if spec.badge else {}
    for module_spec in spec.modules:
        if module_spec.badge:
            wanted[f"{course.slug}-{module_spec.slug}"] = (modules_by_slug[module_spec.slug].id, module_spec.badge)
    existing = {b.slug: b for b in db.session.scalars(select(BadgeClass).where(BadgeClass.course_id == course.id))}
    for slug, (module_id, badge) in wanted.items():
        row = existing.pop(slug, None) or BadgeClass(slug=slug, course_id=course.id)
        row.module_id = module_id
        row.name, row.description, row.image_path = badge.name, badge.description, badge.image
        row.criteria = badge.criteria or _criteria(spec, module_id, modules_by_slug)
        row.tags, row.alignment, row.archived_at = list(badge.tags), list(badge.alignment), None
        db.session.add(row)
    for row in existing.values():
        if row.archived_at is None:
            row.archived_at = now


def _criteria(spec: CourseSpec, module_id: int | None, modules_by_slug: dict[str, Module]) -> str:
    """A criteria narrative from the completion rules, when the course file gives none: in the
    course's language (the site's default if that is not one the site speaks), like its badges."""
    with in_language(spec.language):
        if module_id is None:
            if spec.modules_needed:
                return gettext("Complete %(needed)d of the %(num)d modules of “%(course)s”.",
                               needed=spec.modules_needed, num=len(spec.modules), course=spec.title)
            return ngettext("Complete %(num)d module of “%(course)s”.", "Complete all %(num)d modules of “%(course)s”.",
                            len(spec.modules), course=spec.title)
        module = next(m for m in spec.modules if modules_by_slug[m.slug].id == module_id)
        steps = "; ".join(str(RULE_STEPS[rule]) for rule in module.complete_when)
        return gettext("In the module “%(module)s”: %(steps)s.", module=module.title, steps=steps)


def _sync_module(
    course: Course, module: Module | None, spec: ModuleSpec, position: int, report: SyncReport, now: datetime
) -> None:
    label = ("module", f"{course.slug}/{spec.slug}")
    if module is not None and module.content_hash == spec.content_hash and module.requirements == requirements_of(spec):
        if module.position != position or module.archived_at is not None:
            module.position, module.archived_at = position, None
            report.updated.append(label)
        return
    if module is None:
        module = Module(course_id=course.id, slug=spec.slug)
        db.session.add(module)
        report.created.append(label)
    else:
        report.updated.append(label)
    module.position = position
    module.title = spec.title
    module.summary = spec.summary
    module.estimated_minutes = spec.estimated_minutes
    module.objectives = list(spec.objectives)
    module.requirements = requirements_of(spec)
    module.content_hash = spec.content_hash
    module.archived_at = None
    db.session.flush()

    units = {u.slug: u for u in db.session.scalars(select(Unit).where(Unit.module_id == module.id))}
    for unit_position, unit_spec in enumerate(spec.units):
        unit = units.pop(unit_spec.slug, None)
        if unit is None:
            unit = Unit(module_id=module.id, slug=unit_spec.slug)
            db.session.add(unit)
        if unit.content_hash != unit_spec.content_hash:
            unit.title, unit.html, unit.content_hash = unit_spec.title, unit_spec.html, unit_spec.content_hash
            unit.activities = [_card(a) for a in unit_spec.activities]
        unit.position = unit_position
        unit.archived_at = None
    for unit in units.values():
        if unit.archived_at is None:
            unit.archived_at = now
            unit.position = len(spec.units) + unit.position
    db.session.flush()
    _sync_activities(module, spec, now)


def _card(activity) -> dict:
    """An activity as its unit's page lists it; a discussion's card shows its prompt too."""
    card = {"slug": activity.slug, "kind": activity.kind, "title": activity.title}
    if activity.kind == "discussion":
        card["prompt_html"] = activity.data["prompt_html"]
    return card


def requirements_of(spec: ModuleSpec) -> dict:
    """What completing the module takes: its rules and what each one counts ("min_posts": the
    contributions the module's discussion asks for, the largest of its blocks' ``min_posts``)."""
    return {
        "rules": list(spec.complete_when),
        "units": len(spec.units),
        **{kind: [a.slug for a in spec.activities if a.kind == kind] for kind in ("quiz", "reflection", "assignment", "discussion")},
        "min_posts": max((a.data["min_posts"] for a in spec.activities if a.kind == "discussion"), default=0),
    }


def _sync_activities(module: Module, spec: ModuleSpec, now: datetime) -> None:
    """Activities keep their id (attempts point at it); removed ones are archived."""
    unit_ids = {u.slug: u.id for u in db.session.scalars(select(Unit).where(Unit.module_id == module.id))}
    existing = {a.slug: a for a in db.session.scalars(select(Activity).where(Activity.module_id == module.id))}
    for position, activity_spec in enumerate(spec.activities):
        activity = existing.pop(activity_spec.slug, None) or Activity(module_id=module.id, slug=activity_spec.slug)
        activity.kind = activity_spec.kind
        activity.title = activity_spec.title
        activity.unit_id = unit_ids.get(activity_spec.unit_slug)
        activity.position = position
        activity.spec = activity_spec.data
        activity.archived_at = None
        db.session.add(activity)
    for activity in existing.values():
        if activity.archived_at is None:
            activity.archived_at = now


def _sync_run(course: Course, spec: RunSpec, modules_by_slug: dict[str, Module]) -> None:
    run = db.session.scalar(select(Run).where(Run.course_id == course.id, Run.slug == spec.slug))
    if run is None:
        run = Run(course_id=course.id, slug=spec.slug)
        db.session.add(run)
    run.title = spec.title
    run.timezone = spec.timezone
    run.starts_at = spec.starts_at
    run.ends_at = spec.ends_at
    run.release_mode = spec.release.mode
    run.release_initial = spec.release.initial
    run.release_batch = spec.release.batch
    run.release_every_days = spec.release.every_days
    run.enrolment_opens_at = spec.enrolment_opens_at
    run.enrolment_closes_at = spec.enrolment_closes_at
    run.pace_days = spec.pace_days
    db.session.flush()
    current = {o.module_id: o for o in db.session.scalars(select(ReleaseOverride).where(ReleaseOverride.run_id == run.id))}
    for module_slug, opens_at in spec.release.overrides.items():
        module = modules_by_slug[module_slug]
        override = current.pop(module.id, None) or ReleaseOverride(run_id=run.id, module_id=module.id, source="file")
        if override.source == "file":  # a date a tutor set on the schedule page wins over the file
            override.opens_at = opens_at
            db.session.add(override)
    for stale in current.values():
        if stale.source == "file":
            db.session.delete(stale)
