"""``flask badges list|award|revoke|rotate-key``: Open Badges from the command line. What it tells the
operator is in the site's default language (LMS_DEFAULT_LANGUAGE)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.awards import issuer_keys, ob3_documents
from lms.awards import services as awards
from lms.core import clock
from lms.core.errors import DomainError
from lms.core.extensions import db
from lms.core.i18n import gettext
from lms.core.urls import external_url

cli = AppGroup("badges", help="Open Badges: list, award by hand, revoke, rotate the signing key.")


@cli.command("list")
def badges_list_command() -> None:
    """Each badge's slug and name."""
    for badge in awards.list_badge_classes():
        click.echo(f"{badge.slug}  {badge.name}")


@cli.command("award")
@click.option("--email", required=True)
@click.option("--badge", "badge_slug", required=True, help="A slug from 'flask badges list'.")
@click.option("--reason", required=True)
def badges_award_command(email, badge_slug, reason) -> None:
    """Award a badge by hand (a tutor's decision); prints the assertion's URL."""
    try:
        assertion, new = awards.award_by_hand(None, email=email, badge_slug=badge_slug, reason=reason, now=clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    if not new:
        click.echo(gettext("%(email)s already holds this badge.", email=email))
    click.echo(external_url("badges.assertion", uid=assertion.uid, fmt=""))


@cli.command("revoke")
@click.argument("assertion")
@click.option("--reason", required=True, help="Published with the revocation.")
def badges_revoke_command(assertion, reason) -> None:
    """Revoke an award, given its id or URL (a programme's or organisation's award: its /badges/awards/ URL)."""
    uid = assertion.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
    try:
        if "/badges/awards/" in assertion:
            awards.revoke_standalone(awards.standalone_source(uid), reason=reason, now=clock.now())
        else:
            awards.revoke_badge(None, uid, reason=reason, now=clock.now())
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(gettext("Revoked %(uid)s: %(reason)s", uid=uid, reason=reason))


@cli.command("rotate-key")
def badges_rotate_key_command() -> None:
    """A new Open Badges 3.0 signing key; earlier keys stay published, so what they signed still verifies."""
    key = issuer_keys.rotate_key(now=clock.now())
    db.session.commit()
    click.echo(gettext("New signing key %(kid)s: %(url)s", kid=key.kid, url=ob3_documents.key_url(key.kid)))
