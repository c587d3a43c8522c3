"""``flask courses schedule``: when each module of a run opens."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.core.errors import DomainError
from lms.core.i18n import gettext
from lms.schedule.services import run_plan

cli = AppGroup("courses", help="Validate and import courses/ and content/.")


@cli.command("schedule")
@click.argument("course_slug")
@click.option("--run", "run_slug", default=None, help="The run's slug (default: the latest).")
def schedule_command(course_slug, run_slug) -> None:
    """Print when each module opens, in the run's time zone (ISO 8601)."""
    try:
        plan = run_plan(course_slug, run_slug, now=clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    zone = ZoneInfo(plan.run.timezone)
    click.echo(f"# {plan.course.title}: {plan.run.title} ({plan.run.slug}, {plan.run.timezone})")
    for row in plan.rows:
        when = row.opens_at.astimezone(zone).isoformat() if row.opens_at else gettext("on enrolment")
        click.echo(f"{when}  {row.module.slug}  {row.module.title}")
    if plan.run.ends_at:
        closes = gettext("the course window closes")
        click.echo(f"{plan.run.ends_at.astimezone(zone).isoformat()}  ({closes})")
