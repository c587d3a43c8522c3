"""A real browser (Debian's Chromium, driven by Playwright) against the app served
on loopback, with axe-core checking every main page."""

from __future__ import annotations

import pytest

from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.services.sync import sync_courses
from tests.browser_fixture import AXE, CHROMIUM  # noqa: F401  (the browser fixture is the suite's: tests/conftest.py)
from tests.conftest import NOW, ROOT

SCREENS = ROOT / "test-artifacts" / "screens"


@pytest.fixture
def journey_course(app):
    catalog = load_catalog(ROOT / "tests/fixtures/e2e/courses", ROOT / "tests/fixtures/e2e/content")
    assert catalog.ok, catalog.problems
    app.config["CONTENT_DIR"] = str(ROOT / "tests/fixtures/e2e/content")
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    return catalog.courses[0]


@pytest.fixture
def site(live_server):
    return live_server


@pytest.fixture
def new_page(browser):
    """Pages in fresh contexts (each its own cookies); axe needs the CSP bypassed to be injected."""
    contexts = []

    def make():
        # A browser in Brussels, as the tests' expected times are: registration now starts
        # with the browser's own zone (lms/core/static/timezone.js), and this machine's is UTC.
        context = browser.new_context(bypass_csp=True, accept_downloads=True, viewport={"width": 1200, "height": 900},
                                      timezone_id="Europe/Brussels")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


PHONE = {"width": 390, "height": 844}


def assert_fits(page, name: str) -> None:
    """Nothing pushes the page sideways: it is no wider than the window."""
    wide, window = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= window, f"{name}: the page is {wide} px wide in a {window} px window"


def check_page(page, name: str) -> None:
    """Save a screenshot as a test artefact, require no sideways scrolling and no serious or
    critical axe violation."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)
    assert_fits(page, name)
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"""
    )
    assert violations == [], f"{name}: {violations}"


def check_page_and_phone(page, name: str) -> None:
    """check_page at the window's width, then again on a phone 390 px wide (``<name>-phone.png``)."""
    size = page.viewport_size
    check_page(page, name)
    page.set_viewport_size(PHONE)
    try:
        check_page(page, f"{name}-phone")
    finally:
        page.set_viewport_size(size)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Move the focus with the Tab key alone until it reaches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")
