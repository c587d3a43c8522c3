"""An administrator in a real browser: syncs the course files from the courses page, opens a
course and creates a run of it with the keyboard on a phone (390 px). Every page is
screenshotted and checked by axe (nothing serious or critical) at desktop and phone widths."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.models import Course, Run
from tests.conftest import NOW
from tests.e2e.conftest import check_page, check_page_and_phone, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_user

pytestmark = pytest.mark.slow  # a real browser


def test_an_administrator_syncs_the_courses_and_creates_a_run(app, live_server, new_page):
    admin = make_user(email="ann@school.example", name="Ann Admin", now=NOW)
    admin.is_admin = True
    db.session.commit()

    page = new_page()
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/admin/courses")
    page.click("main button:text('Sync the course files now')")
    page.wait_for_selector("text=imported without problems")
    check_page_and_phone(page, "admin-courses")
    course_id = db.session.scalar(select(Course.id).where(Course.slug == "stem-careers"))
    page.click(f"main a[href='/admin/courses/{course_id}']")
    page.wait_for_selector("main h2:text('Runs')")
    check_page_and_phone(page, "admin-course")

    page.set_viewport_size({"width": 390, "height": 844})
    tab_to(page, f"main a[href='/admin/courses/{course_id}/runs/new']")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:text('New run of')")
    tab_to(page, "#title")
    page.keyboard.type("Spring 2018")
    page.keyboard.press("Tab")
    page.keyboard.type("2018-spring")
    page.fill("#starts", "2018-03-05T09:00")
    page.fill("#ends", "2018-01-01T09:00")  # before the start: refused at the field
    page.click("main button:text('Create the run')")
    page.wait_for_selector("text=The end must come after the start.")
    check_page(page, "admin-run-new-error-phone")
    page.fill("#ends", "2018-06-29T17:00")
    tab_to(page, "main form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=The run “Spring 2018” was created.")
    check_page(page, "admin-course-after-phone")
    db.session.expire_all()
    assert db.session.scalar(select(Run.title).where(Run.course_id == course_id, Run.slug == "2018-spring")) == "Spring 2018"
