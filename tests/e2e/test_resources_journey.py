"""In a real browser: a librarian searches the resource library (words and a facet), opens a
resource, rates it and saves it with the keyboard, and finds it in My resources. Each page is
checked by axe and fits a phone 390 px wide; the search page's screenshots are the README's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lms.core.extensions import db
from lms.resources import services as resources
from tests.conftest import NOW, ROOT
from tests.e2e.conftest import check_page, check_page_and_phone, tab_to
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.slow  # a real browser

DOCS = ROOT / "docs" / "screens"


def test_a_librarian_finds_rates_and_saves_a_resource(app, site, new_page):
    resources.sync_files(ROOT / "resources", ROOT / "content", {"stem-careers"}, NOW)
    user = make_user(email="aoife@library.example", name="Aoife Byrne", now=NOW)
    db.session.commit()

    page = new_page()
    page.goto(f"{site}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{site}/resources")
    expect(page.locator("main h1")).to_have_text("Resource library")
    page.fill("#resource-q", "coding club")
    page.select_option("#facet-audience", "libraries")
    page.click("main form[role=search] button[type=submit]")
    expect(page.locator("#results-summary")).to_contain_text("match “coding club”")
    expect(page.locator("main .resource-results mark").first).to_be_visible()
    check_page_and_phone(page, "resources")
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / "resources-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(DOCS / "resources-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})

    page.click("main .resource-results a:has-text('Code Club')")
    expect(page.locator("main h1")).to_have_text("Code Club: free coding clubs for young people")
    check_page_and_phone(page, "resource")
    page.check("input[name=stars][value='5']")
    tab_to(page, "main form[action$='/rating'] button")
    page.keyboard.press("Enter")
    expect(page.locator("#rating-summary")).to_have_text("5 out of 5 (1 rating)")
    tab_to(page, "main form[action$='/save'] button")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("On your list.")
    page.goto(f"{site}/my/resources")
    expect(page.locator("main .card")).to_have_count(1)
    check_page(page, "my-resources")
