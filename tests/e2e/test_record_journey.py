"""In a real browser: a practitioner opens their learning record from the dashboard, adds learning
done elsewhere (keyboard alone), tags it with a standard, filters by it and downloads the PDF.
Each page is checked by axe and fits a phone 390 px wide; the record's screenshots are the README's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import NOW, ROOT
from tests.e2e.conftest import check_page, check_page_and_phone, tab_to
from tests.factories import PASSWORD, make_learner_client
from tests.record.conftest import framework  # noqa: F401  (the fixture)
from tests.web.test_badges import complete_course

pytestmark = pytest.mark.slow  # a real browser

DOCS = ROOT / "docs" / "screens"


def test_a_practitioner_keeps_a_learning_record(app, practice, framework, site, new_page):  # noqa: F811
    user, client = make_learner_client(app, "practice", now=NOW, name="Aoife Byrne", email="aoife@library.example")
    complete_course(client)
    page = new_page()
    page.goto(f"{site}/login")
    page.fill("#email", "aoife@library.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{site}/dashboard")
    page.click("main >> text=My learning record")
    expect(page.locator("main h1")).to_have_text("My learning record")
    expect(page.locator("main")).to_contain_text("Practice Graduate")

    page.click("text=Add learning done elsewhere")
    check_page_and_phone(page, "record-entry")
    tab_to(page, "#title")
    page.keyboard.type("Coding club leaders' day")
    page.keyboard.press("Tab")
    page.keyboard.type("Library Association of Ireland")
    page.fill("#started_on", "2017-09-16")
    page.fill("#hours", "6")
    page.fill("#note", "Ran a **Scratch** taster with the group.")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Added to your record.")
    expect(page.locator("main")).to_contain_text("Coding club leaders' day")

    page.click("text=Standards of Coding club leaders' day")
    check_page(page, "record-tags")
    page.check("text=B1 Plans lessons well")
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("The standards of this entry are saved.")
    page.select_option("#standard", label="B1 Plans lessons well")
    page.click("main button:has-text('Filter')")
    expect(page.locator("main")).to_contain_text("Tagged with B1 Plans lessons well: 1 entry")
    page.click("text=Show all")

    DOCS.mkdir(parents=True, exist_ok=True)
    check_page_and_phone(page, "record")
    page.screenshot(path=str(DOCS / "record-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(DOCS / "record-phone.png"), full_page=True)

    with page.expect_download() as download:
        page.click("text=the record (PDF)")
    assert download.value.suggested_filename == "learning-record.pdf"
