"""An organisation's way to an award in a real browser: a member shares their completions, the
coordinator writes the portfolio and submits, an assessor claims the application from the queue and
decides with the keyboard; then the organisation's public award page, on a desktop and on a phone
(docs/screens/organisation-award-desktop.png and -phone.png), with nothing serious for axe."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.organisations import services
from lms.organisations.models import Application
from tests.conftest import NOW, ROOT
from tests.e2e.conftest import PHONE, check_page, check_page_and_phone
from tests.factories import PASSWORD, make_user
from tests.organisations.conftest import add_member, complete_course, complete_programme, make_assessor

pytestmark = pytest.mark.slow  # a real browser

DOCS = ROOT / "docs" / "screens"


def log_in(page, site: str, email: str) -> None:
    page.goto(f"{site}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _sample_scheme(app, courses) -> None:
    app.config.update(COURSES_DIR=str(ROOT / "courses"), CONTENT_DIR=str(ROOT / "content"))
    services.sync_files(ROOT / "courses", {course.slug for course in courses.courses}, NOW, content_dir=ROOT / "content")
    db.session.commit()


def assess(page, site: str) -> None:
    """An assessor claims the application from the queue and decides with the keyboard."""
    assessor = make_assessor(name="Aoife Assessor")
    log_in(page, site, assessor.email)
    page.goto(f"{site}/organisations/assessment")
    check_page_and_phone(page, "organisation-queue")
    with page.expect_navigation():
        page.click("main table button[type=submit]")
    for select_box in page.locator("#review select[id^=verdict-]").all():
        select_box.select_option("met")
    for comment in page.locator("#review textarea[id^=comment-]").all():
        comment.fill("Clear evidence in the portfolio.")
    page.select_option("#level", "bronze")
    page.fill("#reason", "A confident start: a plan, a lead and regular activities.")
    page.focus("#reason")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "The decision is recorded" in page.inner_text("main")


def test_a_setting_earns_its_award_and_shows_it_on_its_public_page(app, courses, live_server, new_page):
    _sample_scheme(app, courses)
    coordinator = make_user(name="Orla Coordinator", email="orla@library.example", now=NOW)
    organisation = services.create_organisation(coordinator, services.Details(
        "Ballymun Library", "library", "IE", "Dublin", "https://ballymun-library.example.ie"), now=NOW)
    db.session.commit()
    staff = add_member(organisation, share=False, name="Seán Staff")
    complete_course(staff, "stem-outreach-libraries")
    complete_programme(add_member(organisation, name="Pat Programme"), "stem-outreach-libraries-programme",
                       title="Postgraduate Certificate in STEM Outreach for Libraries")

    page = new_page()
    log_in(page, live_server, staff.email)
    page.goto(f"{live_server}/organisations/{organisation.id}")
    check_page_and_phone(page, "organisation-member")
    with page.expect_navigation():
        page.click("text=Share my completions")
    assert "Your completions now count for this organisation." in page.inner_text("main")

    page = new_page()
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server}/organisations/{organisation.id}")
    with page.expect_navigation():
        page.click("#apply button[type=submit]")
    check_page_and_phone(page, "organisation-application")
    assert "✓ Met" in page.inner_text("main")
    for slug, text in (("stem-plan", "Our STEM lead has **two hours a week**."), ("stem-activities", "Three activities.")):
        page.click(f"#evidence-{slug} ~ p a")
        page.fill("#text", text)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        page.click("text=Back to the application")
    with page.expect_navigation():
        page.click("text=Submit the application")
    assert "submitted, waiting for an assessor" in page.inner_text("main")

    assess(new_page(), live_server)

    uid = db.session.scalar(select(Application.award_uid).where(Application.organisation_id == organisation.id))
    visitor = new_page()
    visitor.goto(f"{live_server}/organisations/{organisation.id}/awards/{uid}")
    assert "Ballymun Library" in visitor.inner_text("main") and "Valid." in visitor.inner_text("main")
    assert visitor.locator("main img").evaluate("img => img.complete && img.naturalWidth > 0")
    check_page(visitor, "organisation-award-desktop")
    DOCS.mkdir(parents=True, exist_ok=True)
    visitor.screenshot(path=str(DOCS / "organisation-award-desktop.png"), full_page=True)
    visitor.set_viewport_size(PHONE)
    check_page(visitor, "organisation-award-phone")
    visitor.screenshot(path=str(DOCS / "organisation-award-phone.png"), full_page=True)
