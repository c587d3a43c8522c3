"""In a real browser: a librarian finds the STEM Outreach for Libraries programme in the catalogue,
enrols with the keyboard, sees what is done and what remains, records a placement, and their
supervisor signs it off from the e-mailed link without an account. Each page is checked by axe
and fits a phone 390 px wide; the programme page's screenshots are the README's."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.programmes import services
from tests.conftest import NOW, ROOT
from tests.e2e.conftest import check_page_and_phone, tab_to
from tests.factories import PASSWORD, make_course_tutor, make_user
from tests.programmes.conftest import complete

pytestmark = pytest.mark.slow  # a real browser

DOCS = ROOT / "docs" / "screens"
SLUG = "stem-outreach-libraries-programme"


@pytest.fixture
def sample_programme(app, courses):
    app.config["CONTENT_DIR"] = str(ROOT / "content")
    services.sync_files(ROOT / "courses", {course.slug for course in courses.courses}, NOW, content_dir=ROOT / "content")
    db.session.commit()


def test_a_librarian_follows_a_programme_and_their_supervisor_signs_the_placement_off(app, sample_programme, smtp, site,
                                                                                     new_page):
    user = make_user(name="Aoife Byrne", email="aoife@library.example", now=NOW)
    page = new_page()
    page.goto(f"{site}/login")
    page.fill("#email", "aoife@library.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(site + "/")
    page.click("main >> text=Postgraduate Certificate in STEM Outreach for Libraries")
    expect(page.locator("main h1")).to_have_text("Postgraduate Certificate in STEM Outreach for Libraries")
    check_page_and_phone(page, "programme-visitor")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("What you have done and what remains")

    complete(user, "stem-outreach-libraries")
    services.confirm_workshop(make_course_tutor("library-makerspaces", now=NOW, email="tess@example.org"), SLUG, user.id,
                              title="Running a maker club", attended_on=date(2017, 9, 20), now=NOW)
    db.session.commit()
    page.click("text=Record your placement")
    check_page_and_phone(page, "programme-placement")
    page.fill("#host", "Cork City Library, Bishopstown")
    page.fill("#starts_on", "2017-09-04")
    page.fill("#ends_on", "2017-09-29")
    page.fill("#hours", "32")
    page.fill("#report", "I co-ran six **Code Club** sessions and a family science morning.")
    page.fill("#supervisor_name", "Siobhán Murphy")
    page.fill("#supervisor_email", "siobhan@corklibraries.example")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("We sent your supervisor a link")
    expect(page.locator("main")).to_contain_text("Waiting for Siobhán Murphy to sign it off")

    DOCS.mkdir(parents=True, exist_ok=True)
    check_page_and_phone(page, "programme")
    page.set_viewport_size({"width": 1200, "height": 900})
    page.screenshot(path=str(DOCS / "programme-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(DOCS / "programme-phone.png"), full_page=True)

    (message,) = smtp.wait_for(1)
    link = re.search(r"http://\S+/programmes/placements/sign/\S+", message.get_content()).group(0)
    supervisor = new_page()
    supervisor.goto(link)
    expect(supervisor.locator("main")).to_contain_text("Cork City Library, Bishopstown")
    check_page_and_phone(supervisor, "programme-sign-off")
    supervisor.click("main button[name=sign_off]")
    expect(supervisor.locator("main")).to_contain_text("Aoife Byrne's placement is signed off")
    page.reload()
    expect(page.locator("main")).to_contain_text("Signed off by Siobhán Murphy")
