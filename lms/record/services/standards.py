"""Standards frameworks as a kind of content file: checked by ``flask courses validate``,
imported by ``flask courses sync`` (idempotent: an unchanged file writes nothing; a standard or
framework that left the files is archived, never deleted, since learners' tags point at it)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from lms.core.content_files import KindCheck
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.record import queries
from lms.record.models import Standard, StandardsFramework
from lms.record.services.standards_file import FOLDER, FrameworkSpec, read_framework, read_frameworks


def check_files(courses_dir: Path, course_slugs: Collection[str]) -> KindCheck:
    report = KindCheck()
    for path in sorted((courses_dir / FOLDER).glob("*.toml")) if (courses_dir / FOLDER).is_dir() else []:
        spec, problems = read_framework(path)
        report.problems.extend(problems)
        if spec is not None:
            name = FOLDER + "/" + path.name
            report.checked.append(gettext("%(framework)s: %(standards)s: OK", framework=name,
                                          standards=ngettext("%(num)d standard", "%(num)d standards", len(spec.standards))))
    return report


def sync_files(courses_dir: Path, course_slugs: Collection[str], now: datetime) -> list[str]:
    """Import the frameworks on file; one line per change. Nothing is written if any file has a problem."""
    specs, problems = read_frameworks(courses_dir)
    if problems:
        return [str(problem) for problem in problems]
    existing = {framework.slug: framework for framework in db.session.scalars(select(StandardsFramework))}
    lines = []
    for spec in specs:
        framework = existing.pop(spec.slug, None)
        if framework is not None and framework.source_hash == spec.source_hash and framework.archived_at is None:
            continue
        created = framework is None
        framework = _write_framework(framework, spec, now)
        lines.append(gettext("created standards framework %(name)s", name=spec.slug) if created
                     else gettext("updated standards framework %(name)s", name=spec.slug))
    for framework in existing.values():
        if framework.archived_at is None:
            framework.archived_at = now
            lines.append(gettext("archived standards framework %(name)s", name=framework.slug))
    db.session.flush()
    return lines


def _write_framework(framework: StandardsFramework | None, spec: FrameworkSpec, now: datetime) -> StandardsFramework:
    if framework is None:
        framework = StandardsFramework(slug=spec.slug)
        db.session.add(framework)
    framework.title, framework.language, framework.country = spec.title, spec.language, spec.country
    framework.source_hash, framework.synced_at, framework.archived_at = spec.source_hash, now, None
    db.session.flush()
    standards = {standard.code: standard for standard in db.session.scalars(
        select(Standard).where(Standard.framework_id == framework.id))}
    for position, item in enumerate(spec.standards):
        standard = standards.pop(item.code, None) or Standard(framework_id=framework.id, code=item.code)
        standard.title, standard.group_name, standard.description = item.title, item.group, item.description
        standard.position, standard.archived_at = position, None
        db.session.add(standard)
    for gone in standards.values():
        gone.archived_at = gone.archived_at or now
    return framework


def list_frameworks() -> list[StandardsFramework]:
    """The frameworks a learner may tag with (live ones), by title."""
    return queries.live_frameworks()


def framework_standards(framework_id: int) -> list[Standard]:
    """A live framework's live standards in file order; NotFound for anything else."""
    standards = queries.live_standards(framework_id)
    if standards is None:
        raise NotFound(gettext("No such standards framework."))
    return standards
