"""In a real browser, on a desktop and a 390 px phone: an organisation's award page, a programme
certificate's verification page (with its transcript) and "My badges" with a programme badge; no
sideways scrolling, no serious or critical axe finding; the baked image downloads from the keyboard."""

from __future__ import annotations

from datetime import date

import pytest

from lms.awards import services as awards
from lms.core.extensions import db
from tests.awards.conftest import issue_to_person, issue_to_school, png_badge, svg_badge  # noqa: F401 (fixtures)
from tests.conftest import NOW
from tests.e2e.conftest import check_page_and_phone, new_page, site, tab_to  # noqa: F401 (fixtures)
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.slow  # a real browser

LINES = [awards.TranscriptLine(f"Course {n}: STEM outreach for libraries, part {n} with a long title to wrap", date(2017, 1, n),
                               date(2017, 2, n), 12.5, "Completed") for n in range(1, 9)]


def test_award_pages_and_my_badges_in_a_browser(app, site, new_page, png_badge, svg_badge):  # noqa: F811
    school_uid = issue_to_school(svg_badge)
    user = make_user(email="ada@library.example", name="Ada Lovelace", now=NOW)
    badge_uid = issue_to_person(png_badge, user)
    certificate = awards.issue_programme_certificate("programme:stem:user:1", user_id=user.id, title="Postgraduate Certificate "
                                                     "in STEM Outreach for Libraries", lines=LINES, hours=100, now=NOW)
    db.session.commit()

    page = new_page()
    page.goto(f"{site}/badges/awards/{school_uid}")
    assert "St Mary's National School" in page.inner_text("main")
    check_page_and_phone(page, "standalone-organisation-award")
    page.goto(f"{site}/certificates/programmes/{certificate}")
    assert "Course 8: STEM outreach" in page.inner_text("main")
    check_page_and_phone(page, "programme-certificate")

    page.goto(f"{site}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{site}/my/badges")
    check_page_and_phone(page, "my-badges-with-programme-badge")
    tab_to(page, f"#badge-{badge_uid} ~ details summary")
    page.keyboard.press("Enter")
    tab_to(page, f"a[href*='/badges/awards/{badge_uid}.png']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "stem-outreach-libraries-programme.png"
