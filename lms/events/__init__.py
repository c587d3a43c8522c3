"""Workshops and events: registration with a waiting list, reminders, invitations for calendars,
attendance (also by a code shown at the event), attendance badges and feedback."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The learner's calendar feed (learning, a lower layer) lists the events they registered for."""
    from lms.core import calendar_sources
    from lms.events.services import calendar_entries

    calendar_sources.register("events", calendar_entries)
