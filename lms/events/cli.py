"""``flask events ...``: the commands of events."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("events", help="events.")
