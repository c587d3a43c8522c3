"""``flask programmes ...``: the commands of programmes."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.programmes import services

cli = AppGroup("programmes", help="Programmes: check completions.")


@cli.command("check")
def check_command() -> None:
    """Complete the programmes whose requirements are met (what the scheduled job does)."""
    report = services.check_programme_completions(now=clock.now())
    db.session.commit()
    click.echo(gettext("%(num)d programme completions recorded.", num=report.recorded))
