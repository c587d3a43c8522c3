"""``flask record ...``: the commands of record."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("record", help="record.")
