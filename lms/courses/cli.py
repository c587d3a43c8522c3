"""``flask courses validate|sync``: check and import the course files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.core import clock, content_files
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext, ngettext
from lms.courses.catalog import load_catalog
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES
from lms.courses.services import sync as course_sync

cli = AppGroup("courses", help="Validate and import courses/ and content/.")


def _catalog():
    config = current_app.config
    return load_catalog(Path(config["COURSES_DIR"]), Path(config["CONTENT_DIR"]),
                        max_file_bytes=config.get("COURSE_FILE_MAX_BYTES", DEFAULT_MAX_FILE_BYTES))


def _other_files(catalog) -> list[tuple[content_files.ContentKind, content_files.KindCheck]]:
    """Every registered kind of content file (programmes, award schemes ...), checked."""
    courses_dir = Path(current_app.config["COURSES_DIR"])
    return [(kind, kind.check(courses_dir, set(catalog.on_file))) for kind in content_files.kinds()]


def _report(catalog, others, *, importing: bool) -> None:
    """Warnings, then problems; stop (exit status 1) if there is any problem."""
    warnings = [*catalog.warnings, *(w for _, check in others for w in check.warnings)]
    problems = [*catalog.problems, *(p for _, check in others for p in check.problems)]
    for warning in warnings:
        click.echo(gettext("%(file)s:%(line)d: warning: %(message)s",
                           file=warning.path, line=warning.line, message=warning.message), err=True)
    if not problems:
        return
    for problem in problems:
        click.echo(str(problem), err=True)
    counts = {"problems": ngettext("%(num)d problem", "%(num)d problems", len(problems)),
              "files": ngettext("%(num)d file", "%(num)d files", len({p.path for p in problems}))}
    if importing:
        click.echo(gettext("%(problems)s in %(files)s; nothing was imported: fix them, then run `flask courses sync` again.",
                           **counts), err=True)
    else:
        click.echo(gettext("%(problems)s in %(files)s: fix them, then run `flask courses sync`.", **counts), err=True)
    raise SystemExit(1)


@cli.command("validate")
def validate_command() -> None:
    """Report every problem in the course files, with file and line; change nothing."""
    catalog = _catalog()
    others = _other_files(catalog)
    _report(catalog, others, importing=False)
    for _, check in others:
        for line in check.checked:
            click.echo(line)
    for course in catalog.courses:
        units = sum(len(m.units) for m in course.modules)
        click.echo(gettext("%(course)s: %(modules)s, %(units)s, %(runs)s: OK", course=course.slug,
                           modules=ngettext("%(num)d module", "%(num)d modules", len(course.modules)),
                           units=ngettext("%(num)d unit", "%(num)d units", units),
                           runs=ngettext("%(num)d run", "%(num)d runs", len(course.runs))))
    if catalog.warnings:
        click.echo(ngettext(
            "%(num)d course checked, no problems (%(warnings)s above). `flask courses sync` imports it.",
            "%(num)d courses checked, no problems (%(warnings)s above). `flask courses sync` imports them.",
            len(catalog.courses), warnings=ngettext("%(num)d warning", "%(num)d warnings", len(catalog.warnings))))
    else:
        click.echo(ngettext("%(num)d course checked, no problems. `flask courses sync` imports it.",
                            "%(num)d courses checked, no problems. `flask courses sync` imports them.",
                            len(catalog.courses)))


# What ``flask courses sync`` did, by what changed and what it is (a course, or a course's module).
CHANGES = {
    ("created", "course"): lazy_gettext("created course %(name)s"),
    ("created", "module"): lazy_gettext("created module %(name)s"),
    ("updated", "course"): lazy_gettext("updated course %(name)s"),
    ("updated", "module"): lazy_gettext("updated module %(name)s"),
    ("archived", "module"): lazy_gettext("archived module %(name)s"),
}


@cli.command("sync")
def sync_command() -> None:
    """Import or update the courses; unchanged content is not rewritten."""
    catalog = _catalog()
    others = _other_files(catalog)
    if catalog.problems:  # recorded, so that the administration's courses page shows them too
        course_sync.sync_catalog(catalog, by=None, now=clock.now())
        db.session.commit()
    _report(catalog, others, importing=True)
    with click.progressbar(length=len(catalog.courses), label=gettext("Importing courses")) as bar:
        report, _ = course_sync.sync_catalog(catalog, by=None, now=clock.now(), on_course=lambda _: bar.update(1))
    db.session.commit()
    _sync_other_files(catalog, others)
    for change, entries in (("created", report.created), ("updated", report.updated), ("archived", report.archived)):
        for kind, name in entries:
            click.echo(str(CHANGES[change, kind]) % {"name": name})
    if report.changed:
        click.echo(ngettext("%(num)d course: %(unchanged)d unchanged", "%(num)d courses: %(unchanged)d unchanged",
                            len(catalog.courses), unchanged=report.unchanged))
    else:
        click.echo(ngettext("%(num)d course: %(unchanged)d unchanged; nothing to do",
                            "%(num)d courses: %(unchanged)d unchanged; nothing to do",
                            len(catalog.courses), unchanged=report.unchanged))


def _sync_other_files(catalog, others) -> None:
    """Each other kind after the courses it names, each in its own transaction."""
    courses_dir = Path(current_app.config["COURSES_DIR"])
    for kind, _ in others:
        for line in kind.sync(courses_dir, set(catalog.on_file), clock.now()):
            click.echo(line)
        db.session.commit()
