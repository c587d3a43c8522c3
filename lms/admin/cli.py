"""``flask users create``: accounts and roles from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.admin import services
from lms.core import clock
from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.core.i18n import gettext, lazy_gettext

cli = AppGroup("users", help="Manage accounts.")
MADE = {"learner": lazy_gettext("%(email)s: learner"), "tutor": lazy_gettext("%(email)s: tutor of %(course)s"),
        "admin": lazy_gettext("%(email)s: administrator")}


@cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["learner", "tutor", "admin"]), default="learner", show_default=True)
@click.option("--password", default=None, help="Generated and printed when omitted.")
@click.option("--course", "course_slug", default=None, help="The course a tutor teaches.")
def create_user_command(email, name, role, password, course_slug) -> None:
    """Create an account (or give an existing one a role)."""
    try:
        user, generated = services.create_user(
            email=email, name=name, role=role, password=password, course_slug=course_slug, now=clock.now()
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(str(MADE[role]) % {"email": user.email, "course": course_slug})
    if generated:
        click.echo(gettext("password: %(password)s", password=generated))
