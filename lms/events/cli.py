"""``flask events ...``: organisers' commands (create an event, list events, print an event's
attendance code). Editing is done on the event's page (Edit), with the same checks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.core.errors import DomainError, ValidationError
from lms.core.extensions import db
from lms.events import services

cli = AppGroup("events", help="Workshops and events: create, list, show the attendance code.")


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise click.BadParameter(f"{value!r}: write a local time as 2026-03-14T18:30") from None


@cli.command("create")
@click.option("--title", required=True)
@click.option("--kind", required=True, type=click.Choice(list(services.KIND_LABELS)))
@click.option("--starts", required=True, help="Local time in --timezone, e.g. 2026-03-14T18:30.")
@click.option("--ends", required=True, help="Local time in --timezone.")
@click.option("--timezone", "zone", required=True, help="The event's zone, e.g. Europe/London.")
@click.option("--capacity", required=True, type=int)
@click.option("--slug", default="")
@click.option("--description-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A Markdown file (UTF-8) with the description.")
@click.option("--place", default="")
@click.option("--online-link", default="")
@click.option("--registration-opens", default=None)
@click.option("--registration-closes", default=None)
@click.option("--course", "course_slug", default="")
@click.option("--programme", "programme_slug", default="")
@click.option("--presenter", "presenters", multiple=True, help="Repeat for each presenter.")
@click.option("--badge/--no-badge", default=False, help="Attendance earns an Open Badge.")
def create_command(title, kind, starts, ends, zone, capacity, slug, description_file, place, online_link, registration_opens,
                   registration_closes, course_slug, programme_slug, presenters, badge) -> None:
    """Publish a new event; prints its address."""
    try:
        description = description_file.read_text(encoding="utf-8") if description_file else ""
    except (UnicodeDecodeError, OSError) as error:
        raise click.ClickException(f"{description_file}: {error}") from None
    data = services.EventInput(title=title, kind=kind, starts=_when(starts), ends=_when(ends), timezone=zone, capacity=capacity,
                               slug=slug, description=description, place=place, online_link=online_link,
                               registration_opens=_when(registration_opens), registration_closes=_when(registration_closes),
                               course_slug=course_slug, programme_slug=programme_slug,
                               presenters=[name.strip() for name in presenters if name.strip()], awards_badge=badge)
    try:
        event = services.create_event(None, data, now=clock.now())
    except ValidationError as error:
        raise click.ClickException(f"{error.field}: {error}") from None
    db.session.commit()
    click.echo(f"/events/{event.slug}")


@cli.command("list")
@click.option("--past", is_flag=True, help="Events that have ended, latest first.")
def list_command(past: bool) -> None:
    """Upcoming events (soonest first): start (UTC), slug, places taken, title."""
    page, shown = 1, 0
    while True:
        listing = services.list_events(kind=None, past=past, page=page, now=clock.now())
        for event in listing.events:
            taken = listing.taken.get(event.id, 0)
            click.echo(f"{event.starts_at.isoformat()}  {event.slug}  {taken}/{event.capacity}  {event.title}")
            shown += 1
        if page >= listing.pages:
            break
        page += 1
    if not shown:
        click.echo("No events.")


@cli.command("code")
@click.argument("ref")
def code_command(ref: str) -> None:
    """Print the attendance code of an event (by slug or id) and when it is accepted (UTC)."""
    try:
        event = services.find_event(ref)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    opens, closes = services.code_window(event)
    click.echo(f"{event.attendance_code}  ({opens.isoformat()} to {closes.isoformat()})")
