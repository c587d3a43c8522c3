"""``flask programmes ...``: the commands of programmes."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("programmes", help="programmes.")
