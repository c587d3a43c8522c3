"""The README's screenshots can be made again: scripts/screens.py builds the demo with the real
sample courses, and none of its pages is wider than a desktop or a phone."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # a real browser


def test_the_screenshot_script_saves_every_page_and_none_scrolls_sideways(browser, tmp_path):
    spec = importlib.util.spec_from_file_location("screens", ROOT / "scripts" / "screens.py")
    screens = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(screens)

    assert screens.main(["--out", str(tmp_path), "--check"], browser=browser) == 0  # the suite's browser: one Playwright

    names = {f"{page}-{width}.png" for page in screens.PAGES for width in screens.WIDTHS}
    assert {path.name for path in tmp_path.iterdir()} == names
    assert all(path.stat().st_size > 5_000 for path in tmp_path.iterdir())
