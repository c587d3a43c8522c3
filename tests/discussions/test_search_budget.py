"""The search page costs the same whatever the run: the same SQL statements, binding the same
number of values, for 3 matching posts as for 120, for a learner and for a tutor."""

from __future__ import annotations

from tests.conftest import NOW, recording_sql
from tests.discussions.search_helpers import SEARCH, add_post, add_thread, result_ids
from tests.factories import make_learner, make_learner_client, make_tutor_client, run_of

SEARCH_BUDGET = 4  # the log-in; the course (access); a learner's run overrides, or a tutor's run; the page
URL = SEARCH.format(course="stem-careers") + "?q=robotics+club"


def write(count: int, authors) -> None:
    run = run_of("stem-careers").id
    for number in range(count):
        thread, _ = add_thread(run, authors[number % len(authors)], f"Robotics club {number}", "Our club met.",
                               module="gender-stereotypes" if number % 3 else None)
        add_post(thread, authors[(number + 1) % len(authors)], f"The robotics club number {number} again.")


def visit(client, url: str) -> tuple[list[tuple[str, int]], str]:
    with recording_sql() as seen:
        response = client.get(url)
    assert response.status_code == 200
    return seen, response.get_data(as_text=True)


def test_the_search_page_costs_the_same_for_3_posts_as_for_120(app, courses):
    learner, client = make_learner_client(app, now=NOW)
    _, tutor = make_tutor_client(app, "stem-careers", now=NOW)
    authors = [learner, *(make_learner(now=NOW, name=f"Learner {n}") for n in range(5))]
    write(2, authors)
    visit(client, URL)  # the course's modules are kept in memory from the first page on
    small, _ = visit(client, URL)
    small_tutor, _ = visit(tutor, URL + "&run=autumn-2017")
    write(60, authors)
    large, html = visit(client, URL)
    large_tutor, tutor_html = visit(tutor, URL + "&run=autumn-2017")

    for small_run, large_run in ((small, large), (small_tutor, large_tutor)):
        assert len(small_run) <= SEARCH_BUDGET, "\n".join(statement for statement, _ in small_run)
        assert [statement for statement, _ in large_run] == [statement for statement, _ in small_run]
        assert [count for _, count in large_run] == [count for _, count in small_run]  # no value bound per post
    assert "124 results for “robotics club”." in html and len(result_ids(html)) == 20
    assert "124 results for “robotics club”." in tutor_html
