"""Each learner's private calendar: module openings and window ends of their runs, and what
other features add through ``core.calendar_sources`` (the events they registered for), written
in the learner's saved language (a calendar app fetches the feed without their cookies)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from lms.core.calendar_sources import entries_for
from lms.core.i18n import gettext, in_language
from lms.core.text import as_one_line
from lms.core.urls import external_url
from lms.courses.services.runs import target_dates
from lms.learning.services.dashboard import list_my_courses
from lms.learning.services.membership import closes_at

if TYPE_CHECKING:
    from icalendar import vText

    from lms.accounts.models import User


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    start: datetime
    summary: str
    course_slug: str | None
    module_slug: str | None = None
    end: datetime | None = None  # None: an hour after the start
    url: str | None = None  # None: the module's or course's page
    location: str | None = None


def calendar_items(user: User, *, now: datetime) -> list[CalendarItem]:
    """Each event of the learner's runs, its summary in the language being drawn."""
    items = []
    for progress in list_my_courses(user, now=now):
        place = progress.place
        course, run = place.course, place.run
        targets = target_dates(run, [s.module for s in place.modules], place.enrolment.enrolled_at)
        for state in place.modules:
            module = state.module
            if run.release_mode == "scheduled" and state.opens_at:
                items.append(CalendarItem(
                    f"open-{run.id}-{module.id}@lms", state.opens_at,
                    gettext("%(course)s: “%(module)s” opens", course=course.title, module=module.title),
                    course.slug, module.slug))
            elif module.id in targets:
                items.append(CalendarItem(
                    f"target-{place.enrolment.id}-{module.id}@lms", targets[module.id],
                    gettext("%(course)s: aim to finish “%(module)s”", course=course.title, module=module.title),
                    course.slug, module.slug))
        if ends := closes_at(run, place.enrolment):  # a personal deadline, when a tutor gave one
            items.append(CalendarItem(f"close-{run.id}@lms", ends,
                                      gettext("%(course)s: the course window closes", course=course.title), course.slug))
    items += [CalendarItem(entry.uid, entry.start, entry.summary, None, end=entry.end, url=entry.url, location=entry.location)
              for entry in entries_for(user.id, now=now)]
    return sorted(items, key=lambda item: item.start)


EVENT_LENGTH = timedelta(hours=1)
# RFC 5545 TEXT may hold no control character but a tab, and has no escape for a bare CR:
# icalendar escapes one only since collective/icalendar#1462 (2026); the versions pyproject
# still allows write it raw, and a calendar app ends the line there (a property injected from a
# name). A name or a title is one line: each run of control characters becomes one space.


def one_line(text: str) -> vText:
    """A name or a title as iCalendar TEXT (icalendar escapes ",", ";" and "\\")."""
    from icalendar import vText

    return vText(as_one_line(text))


def _page(item: CalendarItem) -> str:
    if item.module_slug:
        return external_url("learn.module", course_slug=item.course_slug, module_slug=item.module_slug)
    return external_url("catalog.course", course_slug=item.course_slug)


def calendar_feed(user: User, *, now: datetime) -> bytes:
    """The learner's calendar as iCalendar (RFC 5545), each event linking to its page, in the
    learner's saved language whoever fetches it."""
    # Imported here: icalendar takes a fifth of a second to import, paid by every web worker
    # at start (gunicorn restarts them every couple of thousand requests) for a rare request.
    from icalendar import Calendar, Event

    feed = Calendar()
    feed.add("prodid", "-//STEM Academy LMS//Course calendar//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    with in_language(user.language):
        feed.add("x-wr-calname", one_line(gettext("%(name)s: courses", name=user.name)))
        items = calendar_items(user, now=now)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        event.add("dtstart", item.start)
        event.add("dtend", item.end or item.start + EVENT_LENGTH)
        event.add("summary", one_line(item.summary))
        event.add("url", item.url or _page(item))
        if item.location:
            event.add("location", one_line(item.location))
        feed.add_component(event)
    return feed.to_ical()
