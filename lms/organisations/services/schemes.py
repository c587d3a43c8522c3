"""Award schemes as content files: ``flask courses validate|sync`` check and import
``courses/award-schemes/*.toml`` through the ContentKind registered in ``lms.organisations.init_app``."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from lms.core.content_files import KindCheck
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext, ngettext
from lms.organisations.models import AwardScheme
from lms.organisations.services.scheme_file import References, Scheme, read_scheme
from lms.programmes.services import slugs_on_file

FOLDER = "award-schemes"


def _files(courses_dir: Path) -> list[Path]:
    folder = courses_dir / FOLDER
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def read_all(courses_dir: Path, course_slugs: Collection[str], *, content_dir: Path) -> tuple[list[tuple[Scheme, str]], KindCheck]:
    """Every scheme on file that reads without a problem (with its hash), and the check's report."""
    files = _files(courses_dir)
    refs = References(set(course_slugs), slugs_on_file(courses_dir) if files else set(), content_dir)
    report, schemes = KindCheck(), []
    for path in files:
        scheme, digest, problems = read_scheme(path, refs)
        report.problems.extend(problems)
        if scheme is not None:
            schemes.append((scheme, digest))
            report.checked.append(gettext("%(scheme)s: %(levels)s, %(evidence)s: OK", scheme=scheme.slug,
                                          levels=ngettext("%(num)d level", "%(num)d levels", len(scheme.levels)),
                                          evidence=ngettext("%(num)d evidence item", "%(num)d evidence items",
                                                            len(scheme.evidence))))
    return schemes, report


def check_files(courses_dir: Path, course_slugs: Collection[str], *, content_dir: Path) -> KindCheck:
    return read_all(courses_dir, course_slugs, content_dir=content_dir)[1]


def sync_files(courses_dir: Path, course_slugs: Collection[str], now: datetime, *, content_dir: Path) -> list[str]:
    """Create or update each scheme whose file changed; archive those whose file is gone.
    A second run with the same files changes nothing and says nothing."""
    schemes, _ = read_all(courses_dir, course_slugs, content_dir=content_dir)
    existing = {row.slug: row for row in db.session.scalars(select(AwardScheme))}
    changes = []
    for scheme, digest in schemes:
        row = existing.pop(scheme.slug, None)
        if row is None:
            db.session.add(AwardScheme(slug=scheme.slug, title=scheme.title, language=scheme.language,
                                       spec=scheme.as_spec(), source_hash=digest, synced_at=now))
            changes.append(gettext("created award scheme %(name)s", name=scheme.slug))
        elif row.source_hash != digest or row.archived_at is not None:
            row.title, row.language, row.spec = scheme.title, scheme.language, scheme.as_spec()
            row.source_hash, row.synced_at, row.archived_at = digest, now, None
            changes.append(gettext("updated award scheme %(name)s", name=scheme.slug))
    for row in existing.values():
        if row.archived_at is None:
            row.archived_at = now
            changes.append(gettext("archived award scheme %(name)s", name=row.slug))
    db.session.flush()
    return changes


def list_schemes() -> list[tuple[AwardScheme, Scheme]]:
    rows = db.session.scalars(select(AwardScheme).where(AwardScheme.archived_at.is_(None)).order_by(AwardScheme.title))
    return [(row, Scheme.from_spec(row.spec)) for row in rows]


def get_scheme(slug: str) -> tuple[AwardScheme, Scheme]:
    row = db.session.scalar(select(AwardScheme).where(AwardScheme.slug == slug, AwardScheme.archived_at.is_(None)))
    if row is None:
        raise NotFound(gettext("No such award scheme."))
    return row, Scheme.from_spec(row.spec)


def scheme_by_id(scheme_id: int) -> tuple[AwardScheme, Scheme]:
    row = db.session.get(AwardScheme, scheme_id)
    if row is None:
        raise NotFound(gettext("No such award scheme."))
    return row, Scheme.from_spec(row.spec)
