"""An administrator in a real browser: from the header's Administration link to a person's page,
making them an administrator, then taking the role back after a confirmation page, with the
keyboard alone on a phone (390 px) for the last step. Each page is screenshotted and checked by
axe (nothing serious or critical) at desktop and phone widths."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import User
from lms.core.audit import AuditEvent
from lms.core.extensions import db
from tests.conftest import NOW
from tests.e2e.conftest import check_page, check_page_and_phone, tab_to
from tests.e2e.test_journey import log_in
from tests.factories import make_user

pytestmark = pytest.mark.slow  # a real browser


def test_an_administrator_changes_a_person_s_role(app, courses, live_server, new_page):
    admin = make_user(email="ann@school.example", name="Ann Admin", now=NOW)
    admin.is_admin = True
    person = make_user(email="bea@school.example", name="Bea Bauer", now=NOW)
    db.session.commit()

    page = new_page()
    log_in(page, live_server, admin.email)
    page.click("nav .nav-wide a:text('Administration')")
    page.wait_for_selector("h1:text('Administration')")
    check_page_and_phone(page, "admin-home")
    page.click("main a:text('Users')")
    page.fill("#q", "bauer")
    page.click("main button:text('Find')")
    page.wait_for_selector("text=bea@school.example")
    check_page_and_phone(page, "admin-users")
    page.click("main a:text('Bea Bauer')")
    page.wait_for_selector("h1:text('Bea Bauer')")
    check_page_and_phone(page, "admin-user")
    page.click("main button:text('Make administrator')")
    page.wait_for_selector("text=This account is now an administrator.")
    db.session.expire_all()
    assert db.session.get(User, person.id).is_admin

    page.set_viewport_size({"width": 390, "height": 844})
    tab_to(page, f"main a[href='/admin/users/{person.id}/admin/remove']")
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:text('Remove the administrator role of Bea Bauer?')")
    check_page(page, "admin-confirm-phone")
    tab_to(page, "main button.danger")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=This account is no longer an administrator.")
    check_page(page, "admin-user-after-phone")
    db.session.expire_all()
    assert not db.session.get(User, person.id).is_admin
    assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_user_id == person.id)
                              .order_by(AuditEvent.id)).all() == ["role.grant", "role.revoke"]

    page.goto(f"{live_server}/admin/audit")
    check_page_and_phone(page, "admin-audit")
    page.goto(f"{live_server}/admin/settings")
    check_page_and_phone(page, "admin-settings")
    page.goto(f"{live_server}/admin/courses")
    check_page_and_phone(page, "admin-courses")
    page.click("main table a >> nth=0")
    page.wait_for_selector("h2:text('Add a tutor')")
    check_page_and_phone(page, "admin-staff")
