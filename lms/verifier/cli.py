"""``flask badges verify FILE|URL [--email E]``: each check with its reason; exit status 0 if the badge verifies."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from lms.core import clock
from lms.verifier import services as verifier

cli = AppGroup("badges", help="Open Badges: list, award by hand, revoke, rotate the signing key, verify.")


@cli.command("verify")
@click.argument("source")
@click.option("--email", default=None, help="The recipient's e-mail address, to check it too.")
def badges_verify_command(source: str, email: str | None) -> None:
    """Verify a badge: a file (JSON, JWT, baked PNG or SVG) or an address."""
    if source.startswith(("https://", "http://")):
        outcome = verifier.verify_badge(url=source, email=email, now=clock.now())
    else:
        path = Path(source)
        if not path.is_file():
            raise click.ClickException(f"no such file: {source}")
        data = path.read_bytes()[: verifier.MAX_IMAGE + 1]
        if data[:8] == b"\x89PNG\r\n\x1a\n" or b"<svg" in data[:4096]:
            outcome = verifier.verify_badge(image=data, email=email, now=clock.now())
        else:
            outcome = verifier.verify_badge(text=data.decode("utf-8", "replace"), email=email, now=clock.now())
    for check in outcome.checks:
        click.echo(f"{'PASS' if check.ok else 'FAIL'}  {check.name}: {check.reason}")
    click.echo(f"Open Badges {outcome.version}: " + ("verified" if outcome.ok else "NOT verified")
               if outcome.version else ("verified" if outcome.ok else "NOT verified"))
    raise SystemExit(0 if outcome.ok else 1)
