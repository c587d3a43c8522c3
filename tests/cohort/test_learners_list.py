"""The learner list of a run, as its tutor uses it: search, filters, sort, pages of 50 through a
large run without a duplicate or a gap, odd input ignored, and the same statements for 3 learners
as for 120 (so for 10,000 and 50,000)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import event

from lms.activities import services as activities
from lms.core.extensions import db
from tests.cohort.test_learners_filters import NOW, build_cohort, complete_basics
from tests.factories import make_enrolment, make_tutor_client, make_user

LIST = "/tutor/courses/practice/runs/open/learners"
BUDGET = 6  # the log-in, the run, its tutor, the run's module dates, one COUNT, one page


def rows(page: str) -> list[str]:
    """The learners' names on a page of the list, in order."""
    return [html.unescape(name) for name in re.findall(r'<th scope="row"><a href="[^"]+/learners/\d+">([^<]+)</a>', page)]


def links(page: str) -> dict[str, str]:
    nav = re.search(r'<nav class="pager" aria-label="Pages of learners">(.*?)</nav>', page, re.S)
    if nav is None:
        return {}
    found = {rel: html.unescape(href) for rel, href in re.findall(r'<a rel="(prev|next)" href="([^"]+)"', nav.group(1))}
    return {"place": " ".join(re.sub(r"<[^>]+>", "", nav.group(1).split("</p>")[0]).split()), **found}


def grow(start: int, stop: int) -> None:
    """Learners ``start``..``stop - 1``: names of one width in mixed case, every third completed the
    first module, every fourth answered a quiz (activity), enrolment a minute apart."""
    for number in range(start, stop):
        name = f"{'learner' if number % 2 else 'Learner'} {number:04d}"
        user = make_user(email=f"l{number:04d}@school.example", name=name, now=NOW)
        make_enrolment(user, "practice", now=NOW + timedelta(minutes=number))
        if number % 3 == 0:
            complete_basics(user, NOW + timedelta(hours=1))
        elif number % 4 == 0:
            activities.submit_quiz(user, "practice", "basics", "check", answers=[[1], [2]], attempt_number=1, now=NOW)
            db.session.commit()


@pytest.fixture
def cohort(app, practice):
    return build_cohort()


@pytest.fixture
def tutor(app, practice):
    return make_tutor_client(app, "practice", now=NOW)[1]


def test_a_row_shows_the_learner_their_dates_their_modules_and_their_status(app, tutor, cohort):
    page = tutor.get(LIST + "?sort=name").get_data(as_text=True)
    assert rows(page) == ["Ben Behind", "Fay Finished", "Ida Idle", "Nina New", "Olga Ontrack", "Stan Stale"]
    assert "6 learners in this run." in page
    olga = page[page.index(">Olga Ontrack<"):]
    olga = olga[:olga.index("</tr>")]
    assert "olga@school.example" in olga and "3 October 2017" in olga and "1 of 2" in olga and "On track" in olga
    fay = page[page.index(">Fay Finished<"):]
    assert "2 of 2" in fay[:fay.index("</tr>")] and "Completed" in fay[:fay.index("</tr>")]
    ida = page[page.index(">Ida Idle<"):]
    assert "Never" in ida[:ida.index("</tr>")] and "Not started" in ida[:ida.index("</tr>")]


def test_the_filters_and_the_search_narrow_the_list(app, tutor, cohort):
    # The list is read on the day the cohort was built for: the clock of the app is NOW; the
    # statuses that depend on the day are checked in test_learners_filters. Here: completed and search.
    page = tutor.get(LIST + "?status=completed").get_data(as_text=True)
    assert rows(page) == ["Fay Finished"] and "1 learner of 6 matches." in page
    assert rows(tutor.get(LIST + "?q=SCHOOL.EXAMPLE&sort=email").get_data(as_text=True))[0] == "Ben Behind"
    assert rows(tutor.get(LIST + "?q=nin").get_data(as_text=True)) == ["Nina New"]
    none = tutor.get(LIST + "?q=nobody-here").get_data(as_text=True)
    assert rows(none) == [] and "No learner matches." in none
    page = tutor.get(LIST + "?status=not_started").get_data(as_text=True)
    assert 'value="not_started" selected' in page and "Show everyone" in page


def test_odd_input_is_ignored_never_an_error(app, tutor, cohort):
    for query in ("?q=%00", "?q=" + "x" * 10_000, "?sort=password&dir=sideways", "?status=%3Cscript%3E",
                  "?after=abc", "?before=99999999999", "?after=-1", "?q=%25%5F%5C", "?after=2147483647&sort=done"):
        response = tutor.get(LIST + query)
        assert response.status_code == 200, query
    assert rows(tutor.get(LIST + "?sort=password").get_data(as_text=True)) == rows(tutor.get(LIST).get_data(as_text=True))
    assert "No learner matches." in tutor.get(LIST + "?q=" + "x" * 10_000).get_data(as_text=True)


@pytest.mark.parametrize("sort, key", [
    ("name", lambda r: (r["name"].lower(),)), ("email", lambda r: (r["email"],)),
    ("enrolled", lambda r: (r["number"],)), ("done", lambda r: (r["done"],)),
])
def test_each_sort_orders_the_whole_list_both_ways(app, tutor, sort, key):
    grow(0, 12)
    people = [{"name": f"{'learner' if n % 2 else 'Learner'} {n:04d}", "email": f"l{n:04d}@school.example", "number": n,
               "done": 1 if n % 3 == 0 else 0} for n in range(12)]
    for descending in (False, True):
        page = tutor.get(f"{LIST}?sort={sort}" + ("&dir=desc" if descending else "")).get_data(as_text=True)
        shown = rows(page)
        expected = sorted(people, key=lambda r: (*key(r), r["number"]), reverse=descending)  # ties: enrolment order
        assert shown == [r["name"] for r in expected], sort
        assert f'aria-sort="{"descending" if descending else "ascending"}"' in page


def test_the_last_active_sort_puts_those_never_active_first(app, tutor, cohort):
    shown = rows(tutor.get(LIST + "?sort=active").get_data(as_text=True))
    assert shown == ["Ida Idle", "Nina New", "Stan Stale", "Fay Finished", "Olga Ontrack", "Ben Behind"]  # ties: enrolment order


@pytest.mark.parametrize("query", ["", "?sort=done&dir=desc", "?sort=active", "?q=learner&sort=email&dir=desc"])
def test_pages_of_50_cover_the_run_once_forwards_and_backwards(app, tutor, query):
    grow(0, 120)
    first = tutor.get(LIST + query).get_data(as_text=True)
    pages, page = [first], first
    while "next" in links(page):
        page = tutor.get(links(page)["next"]).get_data(as_text=True)
        pages.append(page)
    assert [links(p)["place"] for p in pages] == ["Learners 1–50 of 120", "Learners 51–100 of 120", "Learners 101–120 of 120"]
    seen = [name for p in pages for name in rows(p)]
    assert len(seen) == 120 and len(set(seen)) == 120
    back = tutor.get(links(pages[-1])["prev"]).get_data(as_text=True)
    assert rows(back) == rows(pages[1])
    assert rows(tutor.get(links(back)["prev"]).get_data(as_text=True)) == rows(first)


def test_the_list_runs_the_same_statements_for_3_learners_as_for_120(app, tutor):
    def visit(url: str):
        seen = []

        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append((statement, len(parameters or ())))

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = tutor.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        assert response.status_code == 200
        return seen, response.get_data(as_text=True)

    urls = [LIST, LIST + "?status=behind&sort=done&dir=desc", LIST + "?q=learner&status=inactive&sort=active",
            LIST + "?status=not_started&sort=email"]
    grow(0, 3)
    small = {url: visit(url)[0] for url in urls}
    grow(3, 120)
    for url in urls:
        large, page = visit(url)
        assert len(small[url]) <= BUDGET, "\n".join(statement for statement, _ in small[url])
        assert [s for s, _ in large] == [s for s, _ in small[url]], url
        assert [n for _, n in large] == [n for _, n in small[url]], url  # no parameter per learner
    second = tutor.get(links(tutor.get(LIST).get_data(as_text=True))["next"]).get_data(as_text=True)
    assert len(rows(second)) == 50
    large, page = visit(links(second)["next"])  # a page after a cursor: the same few statements
    assert len(large) <= BUDGET and len(rows(page)) == 20
