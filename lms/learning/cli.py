"""``flask enrolments add|remove``: the enrolment service from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.learning import services as learning

cli = AppGroup("enrolments", help="Enrol a learner in a run of a course, or take them out.")

RUN_HELP = "A run's slug ('flask courses schedule COURSE' names them); by default {}."


@cli.command("add")
@click.option("--email", required=True, help="The learner's account.")
@click.option("--course", "course_slug", required=True, help="A course's slug.")
@click.option("--run", "run_slug", help=RUN_HELP.format("the run open for enrolment that starts first"))
def enrolments_add_command(email: str, course_slug: str, run_slug: str | None) -> None:
    """Enrol a learner, as the Enrol button does; enrolling twice changes nothing."""
    try:
        _, run, new = learning.enrol_by_email(email, course_slug, run_slug, now=clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if new:
        click.echo(gettext("%(email)s is now enrolled in %(course)s, run %(run)s (%(title)s).",
                           email=email, course=course_slug, run=run.slug, title=run.title))
    else:
        click.echo(gettext("%(email)s was already enrolled in %(course)s, run %(run)s (%(title)s).",
                           email=email, course=course_slug, run=run.slug, title=run.title))


@cli.command("remove")
@click.option("--email", required=True, help="The learner's account.")
@click.option("--course", "course_slug", required=True, help="A course's slug.")
@click.option("--run", "run_slug", help=RUN_HELP.format("their latest enrolment in the course"))
def enrolments_remove_command(email: str, course_slug: str, run_slug: str | None) -> None:
    """Take a learner out of a run (pages read go too). Recorded work is never deleted, so an
    enrolment holding quiz answers, reflections, peer work or awards is refused."""
    try:
        run = learning.unenrol_by_email(email, course_slug, run_slug)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(gettext("%(email)s is no longer enrolled in %(course)s, run %(run)s.", email=email, course=course_slug,
                       run=run.slug))
