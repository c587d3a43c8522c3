"""``flask demo setup`` (demo accounts, runs and a cohort) and ``flask demo welcome``
(for ``make run``: once the server answers, the log-ins)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.core import clock
from lms.core.extensions import db
from lms.core.leadership import active_holder
from lms.demo import services as demo

cli = AppGroup("demo", help="Demo data for a local try-out.")


@cli.command("setup")
def demo_setup_command() -> None:
    """Create the demo tutor, the demo learner (with progress), a demo run of each course and
    a cohort of generated learners; run again, it keeps what is there."""
    accounts_ = demo.set_up_demo(now=clock.now())
    db.session.commit()
    click.echo("Demo runs: " + ", ".join(accounts_.runs))
    if accounts_.cohort:
        click.echo(f"Generated learners enrolled: {accounts_.cohort}")


@cli.command("welcome")
@click.option("--timeout", default=120.0, show_default=True, help="Seconds to wait for the web server.")
def demo_welcome_command(timeout: float) -> None:
    """For `make run`: remember the address it serves on (LMS_BASE_URL) for commands run later
    in other shells, wait until the server there answers and a scheduler is active, then
    print the demo log-ins."""
    base_url = current_app.config["BASE_URL"].rstrip("/")
    recorded = current_app.config.get("SERVED_BASE_URL_FILE")
    if recorded:
        Path(recorded).parent.mkdir(parents=True, exist_ok=True)
        Path(recorded).write_text(base_url + "\n")
    deadline = clock.monotonic() + timeout
    if not _answers(base_url, deadline):
        raise click.ClickException(f"Nothing answered at {base_url} within {timeout:.0f} s.")
    _wait(lambda: active_holder() is not None, deadline)  # its start-up lines come first
    click.echo(f"\nThe LMS is ready at {base_url}/")
    click.echo(f"  Log in as the learner: {demo.DEMO_LEARNER[0]} / {demo.DEMO_PASSWORD}")
    click.echo(f"  Log in as the tutor:   {demo.DEMO_TUTOR[0]} / {demo.DEMO_PASSWORD}")
    if recorded:
        click.echo(f"  (flask commands in other shells print links to {base_url}: it is kept in {recorded})")


def _answers(base_url: str, deadline: float) -> bool:
    """Poll until the server sends any HTTP answer (its start-up lines are printed by then)."""

    def answered() -> bool:
        try:
            with urllib.request.urlopen(base_url + "/", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # an answer all the same
        except OSError:
            return False

    return _wait(answered, deadline)


def _wait(condition, deadline: float) -> bool:
    while not condition():
        if clock.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
