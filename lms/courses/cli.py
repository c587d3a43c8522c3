"""``flask courses validate|sync``: check and import the course files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.core import clock
from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.services import sync as course_sync

cli = AppGroup("courses", help="Validate and import courses/ and content/.")


def _catalog():
    return load_catalog(Path(current_app.config["COURSES_DIR"]), Path(current_app.config["CONTENT_DIR"]))


def _fail_on_problems(catalog) -> None:
    if catalog.problems:
        for problem in catalog.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(catalog.problems)} problem(s) found; nothing was imported.", err=True)
        raise SystemExit(1)


@cli.command("validate")
def validate_command() -> None:
    """Report every problem in the course files, with file and line."""
    catalog = _catalog()
    _fail_on_problems(catalog)
    for course in catalog.courses:
        units = sum(len(m.units) for m in course.modules)
        click.echo(f"{course.slug}: {len(course.modules)} modules, {units} units, {len(course.runs)} run(s): OK")


@cli.command("sync")
def sync_command() -> None:
    """Import or update the courses; unchanged content is not rewritten."""
    catalog = _catalog()
    _fail_on_problems(catalog)
    with click.progressbar(length=len(catalog.courses), label="Importing courses") as bar:
        report = course_sync.sync_courses(catalog.courses, now=clock.now(), on_course=lambda _: bar.update(1))
    db.session.commit()
    for line in report.created:
        click.echo(f"created {line}")
    for line in report.updated:
        click.echo(f"updated {line}")
    for line in report.archived:
        click.echo(f"archived {line}")
    click.echo(f"{len(catalog.courses)} course(s): {report.unchanged} unchanged" + ("" if report.changed else "; nothing to do"))
