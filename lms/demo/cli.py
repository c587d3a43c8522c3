"""``flask demo setup``: demo accounts and runs for a local try-out."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.core.extensions import db
from lms.demo import services as demo

cli = AppGroup("demo", help="Demo data for a local try-out.")


@cli.command("setup")
def demo_setup_command() -> None:
    """Create the demo tutor, the demo learner and a demo run of each course."""
    accounts_ = demo.set_up_demo(now=clock.now())
    db.session.commit()
    click.echo("Demo runs: " + ", ".join(accounts_.runs))
    click.echo(f"Log in as the learner: {accounts_.learner_email} / {accounts_.password}")
    click.echo(f"Log in as the tutor:   {accounts_.tutor_email} / {accounts_.password}")
