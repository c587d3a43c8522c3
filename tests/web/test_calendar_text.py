"""The calendar feed's text is RFC 5545 TEXT whatever a name or a title holds: no bare CR (a
calendar app would end the line there and read the rest as a property of its own), no other
control character; a name that held one, from before names were checked, reads as one line."""

from __future__ import annotations

import icalendar

from lms.accounts.models import User
from lms.core.extensions import db
from tests.conftest import NOW
from tests.factories import make_learner


def test_a_bare_carriage_return_in_a_name_cannot_inject_a_line_into_the_feed(client, courses):
    user = make_learner(now=NOW)
    # Stored as it was before names were checked at the field (the row is older than the rule).
    db.session.get(User, user.id).name = "Ada\rX-INJECTED:yes\x07 Lovelace; Head"
    db.session.commit()
    feed = client.get(f"/calendar/{user.calendar_token}.ics").get_data()
    assert b"\r" not in feed.replace(b"\r\n", b"")  # CRLF ends lines; nothing else carries a CR
    assert not any(byte < 32 and byte not in (9, 10, 13) or byte == 127 for byte in feed)
    assert b"\r\nX-WR-CALNAME:Ada X-INJECTED:yes Lovelace\\; Head: courses\r\n" in feed
    parsed = icalendar.Calendar.from_ical(feed)
    assert "X-INJECTED" not in parsed and len(parsed.walk("VEVENT")) > 0
