"""When each module of a run opens: a pure function of the run's rule.

Access is decided when a page is read, by comparing ``now`` with these times,
so no job has to run for a learner to get in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ReleaseRule:
    """``scheduled``: the first ``initial`` modules open at the start, then
    ``batch`` more every ``every_days`` days. ``on_enrolment``: everything
    opens when the learner enrols (self-paced)."""

    mode: str = "scheduled"
    initial: int = 1
    batch: int = 1
    every_days: int = 7
    overrides: dict[str, datetime] = field(default_factory=dict)


def opening_times(
    rule: ReleaseRule,
    starts_at: datetime,
    module_slugs: list[str],
    *,
    zone: str = "UTC",
    enrolled_at: datetime | None = None,
) -> dict[str, datetime | None]:
    """Opening instant (UTC) of each module, in course order.

    Days are counted on the run's wall clock, so "Mondays at 09:00 in Brussels"
    stays 09:00 across a daylight-saving change. ``None`` means the rule gives
    that module no date (or, for a self-paced run, that the viewer has not
    enrolled yet).
    """
    local_start = starts_at.astimezone(ZoneInfo(zone))
    times: dict[str, datetime | None] = {}
    for index, slug in enumerate(module_slugs):
        if slug in rule.overrides:
            opens = rule.overrides[slug]
        elif rule.mode == "on_enrolment":
            opens = max(starts_at, enrolled_at) if enrolled_at else None
        elif index < rule.initial:
            opens = starts_at
        elif rule.batch <= 0:
            opens = None
        else:
            wave = 1 + (index - rule.initial) // rule.batch
            opens = local_start + timedelta(days=rule.every_days * wave)
        times[slug] = opens.astimezone(timezone.utc) if opens else None
    return times


def is_open(opens_at: datetime | None, now: datetime) -> bool:
    return opens_at is not None and opens_at <= now
