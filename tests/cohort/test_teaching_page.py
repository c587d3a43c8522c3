"""The Teaching page leads a tutor to each of a run's pages: its overview, learners, enrolments,
announcements and exports beside its schedule and answers; every link opens the page for that run."""

from __future__ import annotations

import re

from tests.conftest import NOW
from tests.factories import make_tutor_client

LINK = re.compile(r'<a href="(/tutor/courses/practice/runs/open/[^"]*)">([^<]+)</a>')


def test_the_teaching_page_links_each_run_to_its_pages_and_every_link_opens(app, practice, peer_course):
    _, client = make_tutor_client(app, "practice", now=NOW)
    links = dict((text, href) for href, text in LINK.findall(client.get("/tutor/").get_data(as_text=True)))
    base = "/tutor/courses/practice/runs/open/"
    assert links == {
        "overview": base, "learners": base + "learners", "enrolments": base + "enrolments",
        "announcements": base + "announcements", "exports": base + "exports", "schedule": base + "schedule",
        "quiz results and reflections": base + "answers",
    }
    assert {text: client.get(href).status_code for text, href in links.items()} == dict.fromkeys(links, 200)


def test_a_tutor_sees_only_the_runs_of_their_own_courses(app, practice, peer_course):
    _, client = make_tutor_client(app, "peer", now=NOW)
    page = client.get("/tutor/").get_data(as_text=True)
    assert "/tutor/courses/peer/runs/" in page
    assert "/tutor/courses/practice/" not in page
