"""The seam between what a learner does and what it completes.

Actions live in features that sit below awarding (a page read in learning, a
quiz in activities, peer work in peer review). Each ends by calling
``record_work(enrolment, module, now=...)``. The one orchestrator,
``lms.completion``, registers itself here when the app is built: recount, then
award, then notify. The core knows neither side, so no feature imports one above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import flash


@dataclass
class ProgressResult:
    """What one action newly completed, and the awards that came with it."""

    completed_modules: list[Any] = field(default_factory=list)  # Module rows
    completed_course: Any = None  # the Course row, once
    awards: list[Any] = field(default_factory=list)  # new Assertion rows


Recorder = Callable[..., ProgressResult]
_recorder: Recorder | None = None


def register_recorder(recorder: Recorder) -> None:
    global _recorder
    _recorder = recorder


def record_work(enrolment, module, *, now: datetime) -> ProgressResult:
    """Recount the learner's work in ``module`` and record what it completes."""
    if _recorder is None:
        raise RuntimeError("No completion recorder: lms.completion must be among the app's features.")
    return _recorder(enrolment, module, now=now)


def announce_completions(result: ProgressResult) -> None:
    """For views, after the commit: tell the learner what they have just completed."""
    for module in result.completed_modules:
        flash(f"Module complete: “{module.title}”. Well done!", "success")
    if result.completed_course:
        flash(f"You have completed the course “{result.completed_course.title}”!", "success")
