"""``flask reports ...``: the cohort's CSV exports from the command line (built for issue #16)."""

from __future__ import annotations

from flask.cli import AppGroup

cli = AppGroup("reports", help="Export a run's learners, quiz results, peer review results and badges as CSV.")
