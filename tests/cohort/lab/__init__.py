"""The cohort lab (tests/cohort/lab): a three-module course (a quiz, a reflection, peer work; one
module a week from Monday 25 September 2017, 09:00 in Brussels) and a hand-built cohort of six
learners at chosen stages, every action through the learners' own services at a chosen time, so
that every figure of the overview, the modules table and the item analysis is known.

    week 1 (25 Sep 07:00 UTC –)  module 1 opens   week 2 (2 Oct –)  module 2 opens
    week 3 (9 Oct –)             module 3 opens   week 4 (16 Oct –) "now" is 20 Oct, 12:00 UTC

Ann   enrolled, nothing else
Bob   reads module 1's page (day 1)
Cy    module 1 done on day 2 (quiz right first time); writes module 2's reflection on day 19 without
      reading its page (module 2 started, not completed)
Di    quiz wrong on question 1 (day 1), right on day 8: module 1 done after 8 days; module 2 done on
      day 9 (2 days after it opened); reads module 3's page on day 21
Ed    module 1 on day 3, module 2 on day 10 (3 days); submits peer work on day 15, reviews nobody
Flo   quiz wrong on question 2 (day 0, 20:00), right on day 1: module 1 after 1 day; module 2 on day
      11 (4 days); submits on day 16, reviews Ed's work on day 17: module 3 after 3 days, the course
      done, the course badge and the certificate; nobody reviews Flo's work (the tutor queue on day 20)
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
import re
from html import unescape
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from lms.activities import services as activities
from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.services.sync import sync_courses
from lms.learning.services import complete_unit, enrol
from lms.peer_review import services as peer_review
from tests.conftest import NOW, ROOT
from tests.factories import make_user, run_of

HERE = ROOT / "tests" / "cohort" / "lab"
START = datetime(2017, 9, 25, 7, 0, tzinfo=timezone.utc)  # 09:00 in Brussels (summer time)
LATER = datetime(2017, 10, 20, 12, 0, tzinfo=timezone.utc)  # "now" for the overview: week 4
RIGHT = [[0], [0, 1]]  # Mercury; Two and Three
OVERVIEW = "/tutor/courses/lab/runs/autumn/"


def day(number: float, hours: float = 0) -> datetime:
    return START + timedelta(days=number, hours=hours)


@pytest.fixture(name="lab")
def lab_fixture(app):
    """The lab course synced, its badge artwork found, and the clock at LATER."""
    catalog = load_catalog(HERE / "courses", HERE / "content")
    assert catalog.ok, "\n".join(map(str, catalog.problems))
    app.config["CONTENT_DIR"] = str(HERE / "content")
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()
    app.config["FIXED_NOW"] = LATER
    return catalog.courses[0]


def learner(name: str, run_slug: str = "autumn", enrolled: datetime = day(-5)):
    user = make_user(email=f"{name.lower()}@lab.example", name=name, now=enrolled)
    enrol(user, run_of("lab", run_slug).id, course_slug="lab", now=enrolled)
    db.session.commit()
    return user


def read(user, module: str, unit: str, at: datetime) -> None:
    complete_unit(user, "lab", module, unit, now=at)
    db.session.commit()


def quiz(user, answers, number: int, at: datetime) -> None:
    activities.submit_quiz(user, "lab", "start", "check", answers=answers, attempt_number=number, now=at)
    db.session.commit()


def reflect(user, at: datetime) -> None:
    activities.submit_reflection(user, "lab", "think", "notes", text="I learned three things today.", now=at)
    db.session.commit()


def submit_plan(user, at: datetime) -> None:
    peer_review.save_submission(user, "lab", "share", "plan", text="My plan has three clear steps.", upload=None,
                                upload_dir=None, max_bytes=0, now=at)
    db.session.commit()


def review_next(user, at: datetime) -> None:
    review, _ = peer_review.claim_next(user, "lab", "share", "plan", now=at)
    db.session.commit()
    assert review is not None
    peer_review.submit_review(user, review.id, scores=[1], comments=[""], feedback="Clear and short.", now=at)
    db.session.commit()


@pytest.fixture(name="cohort")
def cohort_fixture(lab):
    """The six learners of the module docstring, at their stages."""
    ann, bob, cy, di, ed, flo = (learner(name) for name in ("Ann", "Bob", "Cy", "Di", "Ed", "Flo"))
    read(bob, "start", "welcome", day(1))
    read(cy, "start", "welcome", day(2))
    quiz(cy, RIGHT, 1, day(2))
    read(di, "start", "welcome", day(1))
    quiz(di, [[1], [0, 1]], 1, day(1))  # Venus
    quiz(di, RIGHT, 2, day(8))
    read(di, "think", "looking-back", day(9))
    reflect(di, day(9))
    read(ed, "start", "welcome", day(3))
    quiz(ed, RIGHT, 1, day(3))
    read(ed, "think", "looking-back", day(10))
    reflect(ed, day(10))
    read(ed, "share", "your-plan", day(15))
    submit_plan(ed, day(15))
    quiz(flo, [[0], [0]], 1, day(0, 13))  # only one of the two primes
    read(flo, "start", "welcome", day(1))
    quiz(flo, RIGHT, 2, day(1))
    read(flo, "think", "looking-back", day(11))
    reflect(flo, day(11))
    read(flo, "share", "your-plan", day(16))
    submit_plan(flo, day(16))
    review_next(flo, day(17))  # Ed's, the only other work
    reflect(cy, day(19))
    peer_review.escalate_unreviewed(now=day(20))
    db.session.commit()
    read(di, "share", "your-plan", day(21))
    return SimpleNamespace(ann=ann, bob=bob, cy=cy, di=di, ed=ed, flo=flo)


class _Reader(HTMLParser):
    """A page's tables (caption, rows of cell texts), its figures (<dl class="figures">: term ->
    description) and the texts of its SVG charts (title, desc, text elements) as a reader gets them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.figures: dict[str, str] = {}
        self.svg: list[dict] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._term: list[str] | None = None
        self._description: list[str] | None = None
        self._last_term = ""
        self._svg_text: list[str] | None = None
        self._svg_depth = 0
        self._chart = False  # inside a chart (role="img"), not a decoration (aria-hidden)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "svg":
            self._svg_depth += 1
            self._chart = values.get("role") == "img"
            if self._chart:
                self.svg.append({"class": values.get("class", ""), "texts": [], "title": "", "desc": "", "rects": []})
        elif self._svg_depth and self._chart and tag in ("text", "title", "desc"):
            self._svg_text = []
        elif self._svg_depth and self._chart and tag == "rect" and values.get("width") is not None:
            self.svg[-1]["rects"].append(values)
        elif self._svg_depth:
            return
        elif tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = []
        elif tag == "dt":
            self._term = []
        elif tag == "dd":
            self._description = []

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg_depth -= 1
        elif self._svg_text is not None and tag in ("text", "title", "desc"):
            text = " ".join("".join(self._svg_text).split())
            if tag == "text":
                self.svg[-1]["texts"].append(text)
            else:
                self.svg[-1][tag] = text
            self._svg_text = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "dt" and self._term is not None:
            self._last_term = " ".join("".join(self._term).split())
            self._term = None
        elif tag == "dd" and self._description is not None:
            self.figures[self._last_term] = " ".join("".join(self._description).split())
            self._description = None

    def handle_data(self, data):
        for collecting in (self._svg_text, self._caption, self._cell, self._term, self._description):
            if collecting is not None:
                collecting.append(data)


def read_page(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def text(html: str) -> str:
    """The page's main text as read, tags and pictures left out, spaces collapsed."""
    main = re.sub(r"<svg.*?</svg>", " ", html[html.index("<main"):], flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", main)).split())


def table(html: str, caption: str | None = None, index: int = 0) -> list[list[str]]:
    """The rows of the table with this caption (or the ``index``-th table), header row included."""
    tables = read_page(html).tables
    found = [t for t in tables if caption is None or t["caption"] == caption]
    assert found, f"no table captioned {caption!r} in {[t['caption'] for t in tables]}"
    return found[0 if caption else index]["rows"]
