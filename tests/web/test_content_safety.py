"""Hostile Markdown in a course file never reaches a learner's page as live code."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser

from lms.courses.catalog import load_catalog
from lms.core.extensions import db
from lms.courses.services.sync import sync_courses
from tests.conftest import NOW, ROOT
from tests.factories import log_in, make_enrolment, make_user


def _stem_careers(catalog):
    """The model course; the catalogue lists the sample courses by file name, so not always first."""
    return next(course for course in catalog.courses if course.slug == "stem-careers")


PAYLOADS = """
<script>alert('xss')</script>
<img src=x onerror="alert(1)">
[click me](javascript:alert(1))
<a href="JaVaScRiPt:alert(1)">mixed case</a>
<svg onload=alert(1)></svg>
<iframe src="https://evil.example/"></iframe>
<p onclick="steal()">Safe text that must stay.</p>
"""


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def test_xss_payloads_in_a_module_file_are_neutralised_on_the_page(app, client, tmp_path):
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(ROOT / "courses", courses)
    shutil.copytree(ROOT / "content", content)
    intro = content / "stem-careers" / "00-introduction.md"
    intro.write_text(intro.read_text() + "\n" + PAYLOADS)
    catalog = load_catalog(courses, content)
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    user = make_user(now=NOW)
    make_enrolment(user, now=NOW)
    log_in(client, user.email)

    last_unit = _stem_careers(catalog).modules[0].units[-1].slug
    html = client.get(f"/courses/stem-careers/modules/introduction/{last_unit}").get_data(as_text=True)
    page = Inspector()
    page.feed(html)
    assert "Safe text that must stay." in html
    assert "script" not in page.tags and "svg" not in page.tags and "iframe" not in page.tags
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    assert not [value for name, value in page.attributes if name in ("href", "src") and value and "javascript" in value.lower()]
