"""Screenshots of the demo for the README: home, a course, the dashboard and My badges,
on a desktop (1280 px wide) and a phone (390 px wide), saved as docs/screens/<page>-<width>.png.

    .venv/bin/python scripts/screens.py            # needs Chromium (make test-tools installs it)
    .venv/bin/python scripts/screens.py --check    # also fail if a page is wider than the screen

It builds the demo in a throwaway SQLite database (the course files, `flask demo setup`),
serves it on loopback and drives Chromium with Playwright: nothing in instance/ is touched.
The clock is fixed (FIXED_NOW below) so that the pictures do not change from run to run."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXED_NOW = "2025-10-08T10:00:00+00:00"  # a Wednesday: the demo runs started the Monday of the week before
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = {  # name -> path, visited logged in as the demo learner
    "home": "/",
    "course": "/courses/stem-careers",
    "dashboard": "/dashboard",
    "badges": "/my/badges",
}


def build_demo(database: Path):
    """The app with the sample courses and the demo accounts in a fresh database."""
    from flask_migrate import upgrade

    from lms import create_app
    from lms.core import clock, content_files
    from lms.core.extensions import db
    from lms.courses.catalog import load_catalog
    from lms.courses.services.sync import sync_courses
    from lms.demo import services as demo

    app = create_app(None, DATABASE_URL=f"sqlite:///{database}", FIXED_NOW=FIXED_NOW, SECRET_KEY="screenshots-only",
                     MAIL_OUTBOX=str(database.parent / "outbox"), UPLOAD_DIR=str(database.parent / "uploads"))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        catalog = load_catalog(Path(app.config["COURSES_DIR"]), Path(app.config["CONTENT_DIR"]))
        if not catalog.ok:
            raise SystemExit("\n".join(map(str, catalog.problems)))
        sync_courses(catalog.courses, now=clock.now())
        slugs = {course.slug for course in catalog.courses}
        for kind in content_files.kinds():  # programmes, award schemes, standards: as `flask courses sync` does
            kind.sync(Path(app.config["COURSES_DIR"]), slugs, clock.now())
        with app.test_request_context(base_url=app.config["BASE_URL"]):
            accounts = demo.set_up_demo(now=clock.now())
        db.session.commit()
    return app, accounts


def serve(app) -> tuple[str, object]:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the result
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Pages link to each other by path; only the addresses they print for sharing use BASE_URL,
    # so a fixed, readable one keeps the pictures the same from run to run.
    app.config["BASE_URL"] = "https://academy.example.org"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def take(site: str, accounts, out: Path, browser) -> list[str]:
    """Save every page at every width; return the pages wider than their screen (checked on the whole page)."""
    too_wide = []
    for label, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
        page = context.new_page()
        page.goto(site + "/login")
        page.fill("#email", accounts.learner_email)
        page.fill("#password", accounts.password)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login" not in url)
        for name, path in PAGES.items():
            page.goto(site + path)
            # What a visitor sees first (one screenful), palette-reduced: small enough for the README.
            shot = out / f"{name}-{label}.png"
            page.screenshot(path=str(shot))
            Image.open(shot).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(shot, optimize=True)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                too_wide.append(f"{name} at {width} px is {wide} px wide")
        context.close()
    return too_wide


def take_with_own_browser(site: str, accounts, out: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            return take(site, accounts, out, browser)
        finally:
            browser.close()


def main(argv: list[str] | None = None, browser=None) -> int:
    """``browser``: a Playwright browser to reuse (the tests' own); by default one is launched."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is wider than the screen")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lms-screens-") as folder:
        app, accounts = build_demo(Path(folder) / "demo.sqlite")
        site, server = serve(app)
        try:
            too_wide = take(site, accounts, args.out, browser) if browser else take_with_own_browser(site, accounts, args.out)
        finally:
            server.shutdown()
    for line in too_wide:
        print("too wide:", line, file=sys.stderr)
    print(f"Saved {len(PAGES) * len(WIDTHS)} screenshots in {args.out}")
    return 1 if args.check and too_wide else 0


if __name__ == "__main__":
    raise SystemExit(main())
