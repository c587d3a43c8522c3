"""Attending an event linked to a programme counts as one of the programme's workshops
(programmes reads events' registrations through its queries); being registered does not."""

from __future__ import annotations

from lms.core.extensions import db
from lms.events import services
from lms.programmes import services as programmes
from lms.programmes.services.progress import progress_of
from tests.events.conftest import make_event, register_all
from tests.programmes.conftest import SLUG, enrolled, programme  # noqa: F401  (the fixture)


def test_attendance_at_an_event_of_the_programme_counts_as_a_workshop(app, programme):  # noqa: F811
    linked = make_event(capacity=5, programme_slug=SLUG, title="Makerspace visit")
    other = make_event(capacity=5, title="Unrelated talk")
    present, absent = enrolled(), enrolled()
    register_all(linked, [present, absent])
    register_all(other, [present])
    for event in (linked, other):
        services.set_attendance(event, shown=[present.id], present={present.id}, now=event.starts_at)
    db.session.commit()
    row, spec = programmes.get_programme(SLUG)
    attended = progress_of(row, spec, present.id).workshops
    assert [(workshop.title, workshop.source) for workshop in attended] == [("Makerspace visit", "event")]
    assert progress_of(row, spec, absent.id).workshops == []
