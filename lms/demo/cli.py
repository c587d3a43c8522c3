"""``flask demo setup`` (demo accounts, runs and a cohort) and ``flask demo welcome``
(for ``make run``: once the server answers, the log-ins)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import click
from babel.lists import format_list
from flask import current_app
from flask.cli import AppGroup

from lms.core import clock
from lms.core.extensions import db
from lms.core.i18n import formatting_locale, gettext, language_names
from lms.core.leadership import active_holder
from lms.core.mail import send_mail
from lms.demo import services as demo

cli = AppGroup("demo", help="Demo data for a local try-out.")


@cli.command("setup")
def demo_setup_command() -> None:
    """Create the demo tutor, the demo learner (with progress), a demo run of each course and
    a cohort of generated learners; run again, it keeps what is there."""
    # Some services name pages in what they return (the learning record's entries): a request
    # context at the site's address lets them, as in the web process.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        accounts_ = demo.set_up_demo(now=clock.now())
    db.session.commit()
    click.echo(gettext("Demo runs: %(runs)s", runs=", ".join(accounts_.runs)))
    if accounts_.cohort:
        click.echo(gettext("Generated learners enrolled: %(num)d", num=accounts_.cohort))
    for letter in accounts_.letters:  # after the commit, as a view sends its e-mails
        try:
            send_mail(letter.to, letter.subject, letter.text)
        except OSError as error:  # the demo is made all the same; the learner can send the link again
            click.echo(gettext("The e-mail to %(email)s could not be sent (%(error)s): the demo learner can send the "
                               "link again from the placement page.", email=letter.to, error=error))
            continue
        click.echo(gettext("The demo learner's placement awaits sign-off: the link was e-mailed to %(email)s.",
                           email=letter.to))
    if accounts_.skipped:
        click.echo(gettext("Left out of the demo until `flask courses sync` imports them: %(files)s",
                           files=", ".join(accounts_.skipped)))


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
        raise click.ClickException(gettext("Nothing answered at %(url)s within %(seconds)d s.", url=base_url, seconds=timeout))
    _wait(lambda: active_holder() is not None, deadline)  # its start-up lines come first
    click.echo("\n" + gettext("The LMS is ready at %(url)s", url=base_url + "/"))
    click.echo("  " + gettext("It speaks %(languages)s: choose in the page footer or on the account page.",
                              languages=language_list()))
    # The two log-ins are aligned (translators: keep the addresses one under the other).
    click.echo("  " + gettext("Log in as the learner: %(email)s / %(password)s", email=demo.DEMO_LEARNER[0],
                              password=demo.DEMO_PASSWORD))
    click.echo("  " + gettext("Log in as the tutor:   %(email)s / %(password)s", email=demo.DEMO_TUTOR[0],
                              password=demo.DEMO_PASSWORD))
    click.echo("  " + gettext("Riverside Library's coordinator: %(email)s / %(password)s", email=demo.DEMO_COORDINATOR[0],
                              password=demo.DEMO_PASSWORD))
    click.echo("  " + gettext("The STEM Award's assessor:       %(email)s / %(password)s", email=demo.DEMO_ASSESSOR[0],
                              password=demo.DEMO_PASSWORD))
    if recorded:
        click.echo("  " + gettext("(flask commands in other shells print links to %(url)s: it is kept in %(file)s)",
                                  url=base_url, file=recorded))


def language_list() -> str:
    """'English, Français, Deutsch …' as each language names itself, in the words of the one being written."""
    return format_list([name for _, name in language_names()], locale=formatting_locale())


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
