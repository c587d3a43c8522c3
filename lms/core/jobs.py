"""How a feature declares its scheduled jobs: as data with stable ids.

A feature's ``jobs.py`` holds ``JOBS``, a tuple of ``Job``; ``lms.scheduler``
collects them from every feature and runs them in its own process. Each job
is idempotent: it picks what is due and not yet done, does it and marks it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from lms.core.extensions import db

# Set when the scheduler process is asked to stop (SIGTERM, Ctrl+C): a job working through
# a batch checks it between items, finishes the one in hand and gives the rest back.
STOP = threading.Event()


def stop_requested() -> bool:
    return STOP.is_set()


@dataclass
class SweepReport:
    """What a scheduler sweep did: how many rows it recorded (0 when run again)."""

    recorded: int = 0


@dataclass(frozen=True)
class Job:
    id: str
    run: Callable[[datetime], int]
    trigger: dict = field(default_factory=dict)  # APScheduler "interval" arguments
    description: str = ""
    # Delivery runs after the sweeps when jobs run together, so that what they record goes out at once.
    delivers: bool = False
    # Gives back what the named process had claimed and not finished (it died, or stopped
    # mid-batch); returns how many. The process that takes over the scheduler calls it.
    release: Callable[[str], int] | None = None


def sweep(service: Callable[..., SweepReport]) -> Callable[[datetime], int]:
    """A job body around a sweep service: run it with ``now``, commit once, report the count."""
    def body(now: datetime) -> int:
        report = service(now=now)
        db.session.commit()
        return report.recorded

    return body
