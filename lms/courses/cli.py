"""``flask courses validate|sync``: check and import the course files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.core import clock
from lms.core.extensions import db
from lms.core.i18n import ngettext
from lms.courses.catalog import load_catalog
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES
from lms.courses.services import sync as course_sync

cli = AppGroup("courses", help="Validate and import courses/ and content/.")


def _catalog():
    config = current_app.config
    return load_catalog(Path(config["COURSES_DIR"]), Path(config["CONTENT_DIR"]),
                        max_file_bytes=config.get("COURSE_FILE_MAX_BYTES", DEFAULT_MAX_FILE_BYTES))


def _report(catalog, *, importing: bool) -> None:
    """Warnings, then problems; stop (exit status 1) if there is any problem."""
    for warning in catalog.warnings:
        click.echo(f"{warning.path}:{warning.line}: warning: {warning.message}", err=True)
    if not catalog.problems:
        return
    for problem in catalog.problems:
        click.echo(str(problem), err=True)
    problems = ngettext("%(num)d problem", "%(num)d problems", len(catalog.problems))
    files = ngettext("%(num)d file", "%(num)d files", len({p.path for p in catalog.problems}))
    found = f"{problems} in {files}"
    nothing = "; nothing was imported" if importing else ""
    click.echo(f"{found}{nothing}: fix them, then run `flask courses sync`{' again' if importing else ''}.", err=True)
    raise SystemExit(1)


@cli.command("validate")
def validate_command() -> None:
    """Report every problem in the course files, with file and line; change nothing."""
    catalog = _catalog()
    _report(catalog, importing=False)
    for course in catalog.courses:
        units = sum(len(m.units) for m in course.modules)
        counts = (ngettext("%(num)d module", "%(num)d modules", len(course.modules)),
                  ngettext("%(num)d unit", "%(num)d units", units),
                  ngettext("%(num)d run", "%(num)d runs", len(course.runs)))
        click.echo(f"{course.slug}: {', '.join(counts)}: OK")
    warnings = ngettext("%(num)d warning", "%(num)d warnings", len(catalog.warnings))
    warned = f" ({warnings} above)" if catalog.warnings else ""
    courses = ngettext("%(num)d course", "%(num)d courses", len(catalog.courses))
    click.echo(f"{courses} checked, no problems{warned}. `flask courses sync` imports them.")


@cli.command("sync")
def sync_command() -> None:
    """Import or update the courses; unchanged content is not rewritten."""
    catalog = _catalog()
    _report(catalog, importing=True)
    with click.progressbar(length=len(catalog.courses), label="Importing courses") as bar:
        report = course_sync.sync_courses(catalog.courses, now=clock.now(), on_course=lambda _: bar.update(1))
    db.session.commit()
    for line in report.created:
        click.echo(f"created {line}")
    for line in report.updated:
        click.echo(f"updated {line}")
    for line in report.archived:
        click.echo(f"archived {line}")
    click.echo(ngettext("%(num)d course", "%(num)d courses", len(catalog.courses)) + f": {report.unchanged} unchanged"
               + ("" if report.changed else "; nothing to do"))
