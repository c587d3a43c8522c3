"""Resources as content files: ``flask courses validate|sync`` check and import
``resources/*.toml`` and the course Markdown's ```resources blocks through the ContentKind
registered in ``lms.resources.init_app``. A second sync with the same files writes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, text

from lms.core.content_files import FileProblem, KindCheck
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.resources.models import SEARCH_TABLE, ModuleResource, Resource
from lms.resources.services.blocks import mentions, module_files, read_blocks
from lms.resources.services.vocabulary import AUDIENCES, SUBJECTS, mask_of
from lms.resources.services.resource_file import ResourceSpec, read_resource, slug_of

FIELDS = ("title", "summary", "kind", "language", "licence", "author", "published_on", "url", "file", "source_hash")


def _files(resources_dir: Path) -> list[Path]:
    return sorted(resources_dir.glob("*.toml")) if resources_dir.is_dir() else []


def read_all(resources_dir: Path, content_dir: Path, files_dir: Path | None = None) -> tuple[list[ResourceSpec], KindCheck]:
    """Every resource on file that reads without a problem; every ```resources block of the
    course Markdown (``content_dir``) checked against the resources on file (a slug whose file
    has a problem is not reported twice). ``files_dir``: what ``file`` paths are relative to
    (the content folder unless told)."""
    report, specs = KindCheck(), []
    for path in _files(resources_dir):
        spec, problems = read_resource(path, files_dir or content_dir)
        report.problems.extend(problems)
        if spec is not None:
            specs.append(spec)
    on_file = {slug for slug in map(slug_of, _files(resources_dir)) if slug}
    attached = 0
    for path in module_files(content_dir):
        found, unclosed = read_blocks(path)
        if unclosed is not None:
            report.problems.append(FileProblem(path, unclosed, gettext("the resources block is not closed: end it with a line ```")))
        for mention in found:
            attached += 1
            if mention.slug not in on_file:
                report.problems.append(FileProblem(path, mention.line, gettext(
                    "the resources block names '%(slug)s', which is not a resource in %(folder)s",
                    slug=mention.slug, folder=resources_dir)))
    report.checked.append(gettext("resources: %(resources)s, %(attached)s: OK",
                                  resources=ngettext("%(num)d resource", "%(num)d resources", len(specs)),
                                  attached=ngettext("%(num)d attached to modules", "%(num)d attached to modules", attached)))
    return specs, report


def check_files(resources_dir: Path, content_dir: Path, files_dir: Path | None = None) -> KindCheck:
    return read_all(resources_dir, content_dir, files_dir)[1]


def sync_files(resources_dir: Path, content_dir: Path, course_slugs: Iterable[str], now: datetime,
               files_dir: Path | None = None) -> list[str]:
    """Create or update each resource whose file changed, archive those whose file is gone, and
    set each module's attached resources from its ```resources blocks."""
    specs, _ = read_all(resources_dir, content_dir, files_dir)
    changes = sync_specs(specs, now, archive_others=True)
    changes += _sync_attachments(content_dir, set(course_slugs))
    db.session.flush()
    return changes


def _values(spec: ResourceSpec) -> dict:
    return {"title": spec.title, "summary": spec.summary, "kind": spec.kind, "language": spec.language,
            "licence": spec.licence, "author": spec.author, "published_on": spec.published_on, "url": spec.url,
            "file": spec.file, "source_hash": spec.source_hash, "audience_mask": mask_of(AUDIENCES, spec.audience),
            "subject_mask": mask_of(SUBJECTS, spec.subject)}


def sync_specs(specs: list[ResourceSpec], now: datetime, *, archive_others: bool) -> list[str]:
    """The resources as ``specs`` declare them (the bench's generated library comes this way too)."""
    existing = {row.slug: row for row in db.session.scalars(select(Resource))}
    changes, changed = [], []
    for spec in specs:
        row = existing.pop(spec.slug, None)
        if row is None:
            row = Resource(slug=spec.slug, **_values(spec), rating_total=0, rating_count=0, synced_at=now)
            db.session.add(row)
            changes.append(gettext("created resource %(name)s", name=spec.slug))
        elif row.archived_at is not None or row.source_hash != spec.source_hash:
            for key, value in _values(spec).items():
                setattr(row, key, value)
            row.synced_at, row.archived_at = now, None
            changes.append(gettext("updated resource %(name)s", name=spec.slug))
        else:
            continue
        changed.append((row, spec))
    db.session.flush()
    gone = [row for row in existing.values() if archive_others and row.archived_at is None]
    for row in gone:
        row.archived_at = now
        changes.append(gettext("archived resource %(name)s", name=row.slug))
    _write_search([row for row, _ in changed], [row.id for row in gone])
    return changes


def _write_search(rows: list[Resource], archived_ids: list[int]) -> None:
    """SQLite's FTS5 table follows the resources (PostgreSQL's words are a generated column)."""
    if db.session.get_bind().dialect.name != "sqlite":
        return
    ids = [row.id for row in rows] + archived_ids
    if ids:
        db.session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), [{"id": i} for i in ids])
    if rows:
        db.session.execute(text(f"INSERT INTO {SEARCH_TABLE}(rowid, title, summary, author) VALUES (:id, :title, :summary, :author)"),
                           [{"id": r.id, "title": r.title, "summary": r.summary, "author": r.author} for r in rows])


def _sync_attachments(content_dir: Path, course_slugs: set[str]) -> list[str]:
    ids = dict(db.session.execute(select(Resource.slug, Resource.id)).all())
    wanted: dict[tuple[str, str], list[int]] = {}
    for path in module_files(content_dir, course_slugs):
        for mention in mentions(path):
            listed = wanted.setdefault((mention.course_slug, mention.module_slug), [])
            if mention.slug in ids and ids[mention.slug] not in listed:
                listed.append(ids[mention.slug])
    current: dict[tuple[str, str], list[int]] = {}
    for row in db.session.scalars(select(ModuleResource).order_by(ModuleResource.position)):
        current.setdefault((row.course_slug, row.module_slug), []).append(row.resource_id)
    changes = []
    for (course, module) in sorted(set(wanted) | set(current)):
        listed = wanted.get((course, module), [])
        if listed == current.get((course, module), []):
            continue
        db.session.execute(delete(ModuleResource).where(ModuleResource.course_slug == course, ModuleResource.module_slug == module))
        if listed:
            db.session.execute(insert(ModuleResource), [{"course_slug": course, "module_slug": module, "resource_id": rid,
                                                         "position": i} for i, rid in enumerate(listed)])
        changes.append(gettext("%(course)s/%(module)s: %(resources)s attached", course=course, module=module,
                               resources=ngettext("%(num)d resource", "%(num)d resources", len(listed))))
    return changes
