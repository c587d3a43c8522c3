"""``flask users create``: accounts and roles from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.admin import services
from lms.core import clock
from lms.core.errors import DomainError
from lms.core.extensions import db

cli = AppGroup("users", help="Manage accounts.")


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
    click.echo(f"{user.email}: {role}" + (f" of {course_slug}" if role == "tutor" else ""))
    if generated:
        click.echo(f"password: {generated}")
