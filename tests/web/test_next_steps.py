"""Module pages, the dashboard and the course page point to the next thing to do, or say it is done."""

from __future__ import annotations

import re

from tests.conftest import NOW, csrf_from, submit
from tests.factories import make_learner

BASICS = "/courses/practice/modules/basics/"
READING = "/courses/practice/modules/reading-only/"
RIGHT = {"q0": "0", "q1": ["0", "1"]}


def read(client, url: str):
    return submit(client, url + "/done", page=url)


def pass_the_quiz_and_reflect(client):
    quiz = BASICS + "activities/check"
    client.post(quiz, data={"csrf_token": csrf_from(client.get(quiz).get_data(as_text=True)), "attempt": 1, **RIGHT})
    submit(client, BASICS + "activities/think", {"text": "I learned that the sky is blue and STEM is broad."})


def links(html: str, text: str) -> list[str]:
    """The addresses of the links whose words start with ``text``."""
    return re.findall(r'<a[^>]*href="([^"]+)"[^>]*>\s*' + re.escape(text), html)


def test_a_module_read_to_the_end_points_to_its_quiz_instead_of_start_reading(client, practice):
    make_learner("practice", now=NOW, client=client)
    assert links(client.get(BASICS).get_data(as_text=True), "Start reading") == [BASICS + "the-only-page"]
    read(client, BASICS + "the-only-page")

    html = client.get(BASICS).get_data(as_text=True)

    assert "Start reading" not in html
    assert links(html, "Pass the quiz") == [BASICS + "activities/check"]


def test_a_half_read_module_continues_at_its_first_unread_page(client, practice):
    make_learner("practice", now=NOW, client=client)
    read(client, READING + "first-page")
    html = client.get(READING).get_data(as_text=True)
    assert links(html, "Continue reading") == [READING + "second-page"]


def test_a_finished_module_says_so_and_offers_the_next_module(client, practice):
    make_learner("practice", now=NOW, client=client)
    read(client, BASICS + "the-only-page")
    pass_the_quiz_and_reflect(client)

    html = client.get(BASICS).get_data(as_text=True)

    assert "Start reading" not in html and "✓ Module complete" in html
    assert links(html, "Next module: Reading only") == [READING]


def test_the_dashboard_gives_each_module_one_next_step_and_folds_the_details(client, practice):
    make_learner("practice", now=NOW, client=client)
    read(client, BASICS + "the-only-page")

    html = client.get("/dashboard").get_data(as_text=True)

    assert links(html, "Pass the quiz") == [BASICS + "activities/check"] * 2  # the course's next step, and the module's
    assert links(html, "Start reading") == ["/courses/practice/continue?module=reading-only"]
    assert html.count('<details class="module-details">') == 2
    assert "1 of 3 steps" in html  # the page read; the quiz and the reflection to do
    # The module link sends the learner to that module's first unread page.
    assert client.get("/courses/practice/continue?module=reading-only").headers["Location"] == READING + "first-page"


def test_a_finished_course_offers_its_certificate_instead_of_continuing(client, practice):
    make_learner("practice", now=NOW, client=client)
    read(client, BASICS + "the-only-page")
    pass_the_quiz_and_reflect(client)
    for unit in ("first-page", "second-page"):
        read(client, READING + unit)

    dashboard = client.get("/dashboard").get_data(as_text=True)
    course_page = client.get("/courses/practice").get_data(as_text=True)

    for html in (dashboard, course_page):
        assert "Continue where you left off" not in html and "Continue reading" not in html
        assert "✓ Course complete — get your certificate" in html
    assert re.search(r'href="/my/certificates/[^"]+\.pdf"[^>]*>\s*✓ Course complete', dashboard)


def test_the_course_page_names_the_next_step_and_its_module(client, practice):
    make_learner("practice", now=NOW, client=client)
    html = client.get("/courses/practice").get_data(as_text=True)
    assert links(html, "Start reading") == ["/courses/practice/continue?module=basics"]
    assert "in “Basics”" in html
