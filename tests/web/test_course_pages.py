"""The home page and course pages in plain words: a welcome, covers, language names, runs
told apart (self-paced or scheduled, with their dates) and the badges a course awards."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from lms.core.extensions import db
from lms.courses.models import Run
from tests.conftest import NOW
from tests.factories import make_learner, run_of


def _stem_careers(catalog):
    """The model course; the catalogue lists the sample courses by file name, so not always first."""
    return next(course for course in catalog.courses if course.slug == "stem-careers")


UTC = timezone.utc


def text_of(html: str) -> str:
    """The words a reader sees, tags dropped and spaces squeezed."""
    return re.sub(r"\s+([;:,.])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def add_self_paced_run(course_slug: str = "stem-careers") -> Run:
    course_id = run_of(course_slug).course_id
    run = Run(course_id=course_id, slug="anytime", title="Any time", timezone="Europe/Brussels",
              starts_at=datetime(2017, 9, 1, 7, tzinfo=UTC), ends_at=datetime(2018, 6, 30, 20, tzinfo=UTC),
              release_mode="on_enrolment", pace_days=7)
    db.session.add(run)
    db.session.commit()
    return run


def test_the_home_page_says_what_the_platform_is_and_shows_each_courses_cover(client, courses):
    html = client.get("/").get_data(as_text=True)
    assert "Free online courses for school staff" in html and "heads of school" in html
    for slug in ("stem-careers", "stem-outreach-libraries"):
        assert f'src="/assets/{slug}/images/cover.png"' in html
    with client.get("/assets/stem-careers/images/cover.png") as picture:
        assert picture.status_code == 200 and picture.mimetype == "image/png"


def test_course_cards_say_when_a_run_started_or_that_it_is_self_paced(app, client, courses):
    words = text_of(client.get("/").get_data(as_text=True))
    assert "Scheduled: started 25 September 2017" in words  # the autumn run began before "now" (3 October)
    assert "Self-paced: opens 8 January 2024" in words
    assert "self-paced: self-paced" not in words.lower() and "from" not in words.split("When")[1][:40]


def test_the_course_page_names_its_language_and_describes_its_cover(client, courses):
    html = client.get("/courses/stem-careers").get_data(as_text=True)
    assert "<dt>Language</dt><dd>English</dd>" in html
    assert re.search(r'<img class="cover" src="/assets/stem-careers/images/cover.png" alt="A school beside[^"]+"', html)


def test_two_open_runs_are_each_explained_so_a_learner_can_choose(client, courses):
    add_self_paced_run()
    words = text_of(client.get("/courses/stem-careers").get_data(as_text=True))
    assert "Choose how to take this course" in words
    assert ("Scheduled: started 25 September 2017; new modules open every week until 16 October 2017; "
            "finish by 23 November 2017") in words
    assert ("Self-paced: start now, finish by 30 June 2018; every module is open from the day you enrol, "
            "and we suggest one module every 7 days") in words
    assert "Enrol in Autumn 2017" in words and "Enrol in Any time" in words


def test_the_course_page_shows_every_badge_it_awards(client, courses, real_catalog):
    html = client.get("/courses/stem-careers").get_data(as_text=True)
    course = _stem_careers(real_catalog)
    names = [m.badge.name for m in course.modules if m.badge] + [course.badge.name]
    shown = re.findall(r'<h3[^>]*><a href="/badges/classes/[^"]+">([^<]+)</a></h3>', html)
    assert shown == [name.replace("'", "&#39;") for name in names]
    assert "9 badges to earn" in text_of(html)


def test_checklists_say_not_passed_yet_rather_than_0_of_1(client, practice):
    make_learner("practice", now=NOW, client=client)
    words = text_of(client.get("/courses/practice/modules/basics/").get_data(as_text=True))
    assert "Pass the quiz not passed yet" in words and "Submit your reflection not submitted yet" in words
    assert "0 of 1 page read" in words
    assert "quizzes passed" not in words and "(s)" not in words


def test_counts_of_one_read_in_the_singular(client, practice):
    make_learner("practice", now=NOW, client=client)
    for url, phrase in (("/", "1 hour a week"), ("/courses/practice", "1 hour a week"),
                        ("/courses/practice/modules/basics/", "1 page")):
        words = text_of(client.get(url).get_data(as_text=True))
        assert phrase in words, url
        assert "1 hours" not in words and "1 pages" not in words
