"""``flask organisations ...``: the commands of organisations."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("organisations", help="organisations.")
