"""``flask organisations assessors add|remove EMAIL``: who judges applications for awards."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.core.errors import NotFound
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.organisations import services

cli = AppGroup("organisations", help="Organisations and their awards.")
assessors = AppGroup("assessors", help="The assessors who judge applications for awards.")
cli.add_command(assessors)


def _change(email: str, *, add: bool) -> None:
    try:
        changed = (services.add_assessor if add else services.remove_assessor)(email, actor_id=None, now=clock.now())
    except NotFound as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if add:
        click.echo(gettext("%(email)s is now an assessor.", email=email) if changed else
                   gettext("%(email)s was an assessor already.", email=email))
    else:
        click.echo(gettext("%(email)s is no longer an assessor.", email=email) if changed else
                   gettext("%(email)s was not an assessor.", email=email))


@assessors.command("add")
@click.argument("email")
def add_command(email: str) -> None:
    """Make the account at EMAIL an assessor."""
    _change(email, add=True)


@assessors.command("remove")
@click.argument("email")
def remove_command(email: str) -> None:
    """Take the assessor role from the account at EMAIL."""
    _change(email, add=False)


@assessors.command("list")
def list_command() -> None:
    """Every assessor, by name."""
    for _, name, email in services.list_assessors():
        click.echo(f"{name} <{email}>")
