"""A tutor downloads an export in Chromium: the page reached from the run's overview, the
separator and a learner filter chosen with the keyboard alone, the file saved under its name and
read back with the csv module. The page has no serious or critical axe issue and fits a phone
390 px wide (screenshots in test-artifacts/screens/cohort-exports*)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.cohort.test_exports import FORMULA_NAMES, cohort  # noqa: F401  (fixture)
from tests.conftest import NOW
from tests.e2e.conftest import check_page_and_phone, new_page, site, tab_to  # noqa: F401  (fixtures)
from tests.e2e.test_journey import log_in
from tests.factories import make_course_tutor

pytestmark = pytest.mark.slow  # a real browser

RUN = "/tutor/courses/practice/runs/open/"


def test_a_tutor_downloads_the_learners_who_have_not_started_with_semicolons(app, cohort, site, new_page):  # noqa: F811
    make_course_tutor("practice", now=NOW, email="tess@school.example")
    tutor = new_page()
    log_in(tutor, site, "tess@school.example")
    tutor.goto(f"{site}{RUN}")
    tutor.click("nav.cohort-nav >> text=Exports")
    tutor.wait_for_url(f"**{RUN}exports")
    check_page_and_phone(tutor, "cohort-exports")

    tab_to(tutor, "#separator-comma")
    tutor.keyboard.press("ArrowDown")  # radio buttons: the arrow keys choose
    assert tutor.is_checked("#separator-semicolon")
    tab_to(tutor, "#exports-status")
    tutor.select_option("#exports-status", "not_started")
    tab_to(tutor, "#download-progress")
    with tutor.expect_download() as started:
        tutor.keyboard.press("Enter")
    download = started.value
    assert download.suggested_filename == "practice-open-progress-not-started-2017-10-03.csv"
    text = download.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))
    assert rows[0][:2] == ["Name", "E-mail"]
    assert [row[0] for row in rows[1:]] == ["'" + name for name in FORMULA_NAMES]
