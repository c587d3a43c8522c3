"""A programme in the learning record: in progress, then completed with its hours (counted once in
the total, since its courses are entries of their own), its badge and certificate beside it."""

from __future__ import annotations

import re

from lms.programmes import services as programmes
from tests.programmes.conftest import client_for, complete, enrolled, programme  # noqa: F401  (the fixture)
from tests.programmes.test_completion import everything_but_courses
from tests.record.test_record_page import text_of


def test_a_programme_shows_in_progress_then_completed_with_its_badge_and_certificate(app, programme):  # noqa: F811
    user = enrolled()
    client = client_for(app, user)
    [entry] = programmes.record_of(user.id)
    words = text_of(client.get("/my/record").get_data(as_text=True))
    assert f"Programme · In progress {entry.title}" in words
    everything_but_courses(user, programme)
    for slug in ("stem-outreach-libraries", "stem-careers", "stem-storytime"):
        complete(user, slug)
    html = client.get("/my/record").get_data(as_text=True)
    words = text_of(html)
    assert f"Programme · Completed {entry.title}" in words and "Hours 150" in words
    assert "Badge · Badge awarded Test Programme Graduate" in words
    assert "Certificate · Certificate issued Certificate in Library STEM (test)" in words
    assert f'href="/programmes/{entry.slug}"' in html
    courses_hours = sum(float(h) for h in re.findall(r"Course · Completed .*? Hours ([0-9.]+)", words))
    assert f"{round(courses_hours, 1):g} hours in all" in words  # the programme's 150 are its parts'
