"""``flask resources search``: the library's search from a terminal (a line per resource, for scripts)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.resources import services

cli = AppGroup("resources", help="The resource library: search it as /resources does.")


@cli.command("search")
@click.argument("words", nargs=-1)
@click.option("--kind", help="lesson-plan, toolkit, video, report, activity or case-study")
@click.option("--audience")
@click.option("--subject")
@click.option("--language", help="a language tag, e.g. en")
@click.option("--sort", type=click.Choice(sorted(services.SORTS)))
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
def search_command(words, kind, audience, subject, language, sort, page) -> None:
    """Print the matches of WORDS (and the filters), one a line: slug, kind, language, title."""
    filters = services.clean_filters(kind, audience, subject, language)
    results = services.search_resources(" ".join(words), filters, sort=sort, page=page)
    for hit in results.listing.rows:
        click.echo("\t".join((hit.slug, hit.kind, hit.language, hit.title.striptags())))
