"""Programmes as content files: ``flask courses validate|sync`` check and import
``courses/programmes/*.toml`` through the ContentKind registered in ``lms.programmes.init_app``."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from lms.core.content_files import KindCheck
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.programmes.models import Programme
from lms.programmes.services.programme_file import ProgrammeSpec, read_programme, slug_of

FOLDER = "programmes"


def _files(courses_dir: Path) -> list[Path]:
    folder = Path(courses_dir) / FOLDER
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def slugs_on_file(courses_dir: Path) -> set[str]:
    """The programmes on file: those whose file reads as TOML and is named after its slug."""
    return {slug for slug in map(slug_of, _files(courses_dir)) if slug}


def read_all(courses_dir: Path, course_slugs: Collection[str], *, content_dir: Path) -> tuple[list[ProgrammeSpec], KindCheck]:
    """Every programme on file that reads without a problem, and the check's report."""
    report, programmes = KindCheck(), []
    for path in _files(courses_dir):
        spec, problems = read_programme(path, course_slugs, content_dir)
        report.problems.extend(problems)
        if spec is not None:
            programmes.append(spec)
            electives = spec.electives.choose if spec.electives else 0
            report.checked.append(gettext(
                "%(programme)s: %(courses)s, %(electives)s: OK", programme=spec.slug,
                courses=ngettext("%(num)d required course", "%(num)d required courses", len(spec.required)),
                electives=ngettext("%(num)d elective to choose", "%(num)d electives to choose", electives)))
    return programmes, report


def check_files(courses_dir: Path, course_slugs: Collection[str], *, content_dir: Path) -> KindCheck:
    return read_all(courses_dir, course_slugs, content_dir=content_dir)[1]


def sync_files(courses_dir: Path, course_slugs: Collection[str], now: datetime, *, content_dir: Path) -> list[str]:
    """Create or update each programme whose file changed; archive those whose file is gone.
    A second run with the same files writes nothing and says nothing."""
    programmes, _ = read_all(courses_dir, course_slugs, content_dir=content_dir)
    existing = {row.slug: row for row in db.session.scalars(select(Programme))}
    changes = []
    for spec in programmes:
        row = existing.pop(spec.slug, None)
        values = {"title": spec.title, "summary": spec.summary, "language": spec.language, "spec": spec.as_spec()}
        if row is None:
            db.session.add(Programme(slug=spec.slug, **values, synced_at=now))
            changes.append(gettext("created programme %(name)s", name=spec.slug))
        elif row.archived_at is not None or any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.synced_at, row.archived_at = now, None
            changes.append(gettext("updated programme %(name)s", name=spec.slug))
    for row in existing.values():
        if row.archived_at is None:
            row.archived_at = now
            changes.append(gettext("archived programme %(name)s", name=row.slug))
    db.session.flush()
    return changes
