"""Each learner's private calendar: module openings and window ends of their runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from lms.courses.services.runs import target_dates
from lms.learning.services.dashboard import list_my_courses

if TYPE_CHECKING:
    from lms.accounts.models import User


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    start: datetime
    summary: str
    course_slug: str
    module_slug: str | None = None



def calendar_items(user: User, *, now: datetime) -> list[CalendarItem]:
    items = []
    for progress in list_my_courses(user, now=now):
        place = progress.place
        course, run = place.course, place.run
        targets = target_dates(run, [s.module for s in place.modules], place.enrolment.enrolled_at)
        for state in place.modules:
            module = state.module
            if run.release_mode == "scheduled" and state.opens_at:
                items.append(CalendarItem(
                    f"open-{run.id}-{module.id}@lms", state.opens_at, f"{course.title}: “{module.title}” opens",
                    course.slug, module.slug))
            elif module.id in targets:
                items.append(CalendarItem(
                    f"target-{place.enrolment.id}-{module.id}@lms", targets[module.id],
                    f"{course.title}: aim to finish “{module.title}”", course.slug, module.slug))
        if run.ends_at:
            items.append(CalendarItem(f"close-{run.id}@lms", run.ends_at, f"{course.title}: the course window closes", course.slug))
    return sorted(items, key=lambda item: item.start)
