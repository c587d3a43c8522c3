"""The public Verify a badge page in a real browser: a verifier pastes a learner's 3.0 credential and
checks it with the keyboard alone, on a phone, with nothing serious for axe; a revoked one says why."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.awards import services as awards
from lms.awards.models import AwardCredential
from lms.core.extensions import db
from tests.conftest import NOW
from tests.e2e.conftest import check_page, tab_to
from tests.factories import make_awarded_badge, make_learner

pytestmark = pytest.mark.slow  # a real browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(bypass_csp=True, viewport=PHONE)  # axe needs the CSP bypassed to be injected
    yield context.new_page()
    context.close()


def verify_by_keyboard(page, base: str, credential: str, email: str) -> None:
    page.goto(base + "/verify")
    page.fill("textarea[name=credential]", credential)  # pasted, as a verifier would
    tab_to(page, "input[name=email]")
    page.keyboard.type(email)
    tab_to(page, "form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_verifier_checks_a_credential_with_the_keyboard_on_a_phone(app, practice, live_server, phone):
    learner = make_learner("practice", now=NOW, email="grace@school.example")
    assertion = make_awarded_badge(learner, "practice-basics", now=NOW)
    document = db.session.scalar(select(AwardCredential.document).where(AwardCredential.assertion_id == assertion.id))

    phone.goto(live_server + "/verify")
    check_page(phone, "verify-phone")
    verify_by_keyboard(phone, live_server, document, "grace@school.example")
    assert phone.locator("#verdict-ok").is_visible()
    passed = phone.locator("li.check-passed").evaluate_all("items => items.map(i => i.dataset.check)")
    assert set(passed) >= {"proof", "issuer key", "status", "validity", "schema", "recipient"}
    check_page(phone, "verify-valid-phone")

    awards.revoke_badge(None, assertion.uid, reason="Copied the quiz", now=NOW)
    db.session.commit()
    verify_by_keyboard(phone, live_server, document, "grace@school.example")
    assert phone.locator("#verdict-failed").is_visible()
    status = phone.locator("li[data-check=status]")
    assert "check-failed" in status.get_attribute("class") and "The issuer has revoked this badge." in status.inner_text()
    check_page(phone, "verify-revoked-phone")
