"""Entries other features add to a learner's private calendar feed (learning writes the feed).
Learning sits below the features that have such entries (events), so they register a source
here from their ``init_app`` and the feed asks every source: the core knows no feature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CalendarEntry:
    """One entry: a stable ``uid``, UTC times, a one-line summary in the language being drawn,
    the page it links to, and a place (never anything only some people may see)."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    url: str
    location: str | None = None


Source = Callable[[int, datetime], list[CalendarEntry]]  # (user id, now) -> entries
_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    """Add (or replace: apps are built more than once in one process) the source called ``name``."""
    _SOURCES[name] = source


def entries_for(user_id: int, *, now: datetime) -> list[CalendarEntry]:
    """Every registered source's entries for this person."""
    return [entry for source in _SOURCES.values() for entry in source(user_id, now)]
