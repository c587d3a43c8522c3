"""The "My data" journey in a real browser, with the keyboard: ask for a copy, download it once
the scheduler built it, try to delete the account with a wrong password, then delete it; every
page at desk and phone widths with nothing serious for axe. The public privacy page too."""

from __future__ import annotations

import zipfile

import pytest

from tests.conftest import NOW
from tests.e2e.conftest import check_page_and_phone, tab_to
from tests.factories import PASSWORD, make_learner
from tests.privacy.helpers import run_exports

pytestmark = pytest.mark.slow  # a real browser


def test_a_learner_takes_their_data_and_then_deletes_their_account(app, practice, live_server, new_page, tmp_path):
    make_learner("practice", now=NOW, email="ada@school.example")
    page = new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", "ada@school.example")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")

    page.goto(f"{live_server}/account/data")
    check_page_and_phone(page, "my-data")
    tab_to(page, "form[action$='/account/data/export'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "We are preparing a copy of your data" in page.content()
    check_page_and_phone(page, "my-data-requested")

    assert run_exports() == 1
    page.reload()
    with page.expect_download() as download:
        page.click("ul.exports a")
    saved = tmp_path / "mine.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "README.txt" in archive.namelist() and "profile.json" in archive.namelist()

    page.fill("#password", "not my password")
    page.click("form[action$='/account/data/erase'] button")
    assert page.locator("#password-error").inner_text().strip() == "Your password is not correct."
    check_page_and_phone(page, "my-data-wrong-password")

    page.fill("#password", PASSWORD)
    page.click("form[action$='/account/data/erase'] button")
    assert page.locator("h1").inner_text() == "Your account is closed"
    check_page_and_phone(page, "account-closed")


def test_the_privacy_page_reads_well_on_a_phone(app, live_server, new_page):
    page = new_page()
    page.goto(f"{live_server}/privacy")
    check_page_and_phone(page, "privacy")
