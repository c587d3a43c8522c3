"""``flask resources ...``: the commands of resources."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("resources", help="resources.")
