"""``flask record frameworks``: the standards frameworks learners tag their record with."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.record import services

cli = AppGroup("record", help="The professional learning record: its standards frameworks.")


@cli.command("frameworks")
@click.option("--standards", is_flag=True, help="List each framework's standards too.")
def frameworks_command(standards: bool) -> None:
    """The live frameworks (from courses/standards/), one a line: slug, language, title."""
    for framework in services.list_frameworks():
        click.echo("\t".join((framework.slug, framework.language, framework.title)))
        if standards:
            for standard in services.framework_standards(framework.id):
                click.echo("\t".join(("", standard.code, standard.title)))
