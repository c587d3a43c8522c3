"""/resources: full-text search ranked and highlighted by the database's own engine, facets that
combine with counts, sorting, pages, odd queries, a fixed number of statements."""

from __future__ import annotations

import re
from datetime import date

import pytest

from lms.resources import services as resources
from tests.resources.conftest import add_resources, spec


def slugs(html: str) -> list[str]:
    return re.findall(r'<h2 lang="[^"]*"><a href="/resources/([a-z0-9-]+)">', html)


def test_search_ranks_a_title_match_above_a_summary_match_and_marks_the_words(app, client):
    add_resources(spec("in-summary", "Classroom ideas", "A volcano model built from clay.", published=date(2024, 5, 1)),
                  spec("in-title", "Volcano experiments", "Lava and rock for young scientists.", published=date(2020, 1, 1)),
                  spec("elsewhere", "Fractions", "Pizza slices and ratios."))
    html = client.get("/resources?q=volcano").get_data(as_text=True)
    assert slugs(html) == ["in-title", "in-summary"]
    assert "<mark>Volcano</mark> experiments" in html
    assert "A <mark>volcano</mark> model" in html
    assert "2 resources match “volcano”." in html


def test_stemmed_words_match_and_highlights_escape_everything_else(app, client):
    add_resources(spec("escaped", "Careers <script>alert(1)</script> & engineering", "Engineers at <b>work</b>."))
    html = client.get("/resources?q=engineer").get_data(as_text=True)
    assert slugs(html) == ["escaped"]
    assert "<script>alert(1)" not in html and "<b>work</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>engineering</mark>" in html
    assert "<mark>Engineers</mark> at &lt;b&gt;work&lt;/b&gt;." in html


def test_or_phrases_and_excluded_words(app):
    add_resources(spec("a", "Robots in class", "Build a robot arm."), spec("b", "Rockets", "Water rockets in the yard."),
                  spec("c", "Robots and rockets", "Both at once."))
    found = lambda q: sorted(h.slug for h in resources.search_resources(q, resources.clean_filters()).hits)  # noqa: E731
    assert found("robots or rockets") == ["a", "b", "c"]
    assert found("robots -rockets") == ["a"]
    assert found('"robot arm"') == ["a"]


def library_for_facets():
    add_resources(
        spec("k1", kind="video", audience=("primary", "libraries"), subject=("science",), language="en"),
        spec("k2", kind="video", audience=("secondary",), subject=("science", "careers"), language="fr"),
        spec("k3", kind="report", audience=("secondary", "careers-guidance"), subject=("careers",), language="en"),
        spec("k4", kind="toolkit", audience=("libraries",), subject=("technology",), language="en"),
    )


def counts(found, facet: str) -> dict[str, int]:
    return {value.value: value.count for value in found.facets[facet]}


def test_facet_counts_combine_each_facet_counted_under_the_other_filters(app):
    library_for_facets()
    everything = resources.search_resources("", resources.clean_filters())
    assert counts(everything, "kind") == {"video": 2, "report": 1, "toolkit": 1}
    assert counts(everything, "audience") == {"primary": 1, "libraries": 2, "secondary": 2, "careers-guidance": 1}
    assert counts(everything, "language") == {"en": 3, "fr": 1}

    videos_for_secondary = resources.search_resources("", resources.clean_filters(kind="video", audience="secondary"))
    assert [h.slug for h in videos_for_secondary.hits] == ["k2"]
    assert counts(videos_for_secondary, "kind") == {"video": 1, "report": 1}  # secondary resources, by kind
    assert counts(videos_for_secondary, "audience") == {"primary": 1, "libraries": 1, "secondary": 1}  # videos, by audience
    assert counts(videos_for_secondary, "subject") == {"science": 1, "careers": 1}
    assert counts(videos_for_secondary, "language") == {"fr": 1}
    assert [v.value for v in videos_for_secondary.facets["kind"] if v.selected] == ["video"]


def test_facets_count_only_what_the_words_match(app, client):
    library_for_facets()
    add_resources(spec("k5", "Careers films", kind="video", subject=("careers",)))
    found = resources.search_resources("careers films", resources.clean_filters(subject="careers"))
    assert [h.slug for h in found.hits] == ["k5"]
    assert counts(found, "kind") == {"video": 1}
    html = client.get("/resources?q=careers+films&subject=careers&kind=report").get_data(as_text=True)
    assert "No resource matches “careers films” with these filters." in html
    assert '<option value="video">Video (1)</option>' in html


def test_sorting_by_newest_title_and_rating(app, client):
    add_resources(spec("older", "Beta", published=date(2020, 1, 1)), spec("newer", "Alpha", published=date(2024, 1, 1)),
                  spec("middle", "Gamma", published=date(2022, 1, 1)))
    assert slugs(client.get("/resources").get_data(as_text=True)) == ["newer", "middle", "older"]
    assert slugs(client.get("/resources?sort=title").get_data(as_text=True)) == ["newer", "older", "middle"]
    from tests.resources.test_rating import rate_as
    rate_as(app, "middle", 5), rate_as(app, "older", 3), rate_as(app, "older", 4)
    assert slugs(client.get("/resources?sort=rating").get_data(as_text=True)) == ["middle", "older", "newer"]
    assert slugs(client.get("/resources?sort=nonsense").get_data(as_text=True)) == ["newer", "middle", "older"]


def test_pages_of_twenty_with_previous_and_next_keeping_the_filters(app, client):
    add_resources(*(spec(f"r{n:02d}", f"Resource {n:02d}", published=date(2000 + n, 1, 1), subject=("mathematics",)) for n in range(45)))
    first = client.get("/resources?subject=mathematics").get_data(as_text=True)
    assert len(slugs(first)) == 20 and slugs(first)[0] == "r44"
    assert "Resources 1–20 of 45" in first
    third = client.get("/resources?subject=mathematics&page=3").get_data(as_text=True)
    assert slugs(third) == ["r04", "r03", "r02", "r01", "r00"]
    assert 'rel="prev" href="/resources?' in third and "page=2" in third and "subject=mathematics" in third
    beyond = client.get("/resources?subject=mathematics&page=99").get_data(as_text=True)
    assert slugs(beyond)[0] == "r44"  # past the end: the first page


@pytest.mark.parametrize("query", ['"', "*", "()", ":^-", '"*():^-', "NEAR(a b)", "a AND OR NOT", "title:x", "x" * 5000,
                                   "é" * 300, "\x00", "a\x00b", "'; DROP TABLE resources; --", "-", "or", "🙂", "%_"])
def test_odd_queries_never_fail(app, client, query):
    add_resources(spec("one", "Volcano"))
    response = client.get("/resources", query_string={"q": query, "page": "x", "kind": "<b>", "language": "\x00"})
    assert response.status_code in (200, 400, 404)
    assert b"Resource library" in response.data or response.status_code != 200


def test_the_number_of_statements_does_not_grow_with_the_results(app, client, count_queries):
    add_resources(*(spec(f"s{n}", f"Science {n}") for n in range(3)))
    with count_queries() as few:
        assert client.get("/resources?q=science&kind=toolkit").status_code == 200
    add_resources(*(spec(f"t{n}", f"Science {n} more", audience=("primary", "libraries"), subject=("science", "careers"))
                    for n in range(60)))
    with count_queries() as many:
        assert client.get("/resources?q=science&kind=toolkit").status_code == 200
    assert len(many) == len(few) <= 4


def test_flask_resources_search_prints_the_pages_matches_a_line_each(app, runner):
    add_resources(spec("volcanoes", "Volcano experiments", kind="activity", audience=("primary",)),
                  spec("volcano-careers", "Careers around volcanoes", kind="case-study", language="fr"),
                  spec("fractions", "Fractions with pizza"))
    result = runner.invoke(args=["resources", "search", "volcano"])
    assert result.exit_code == 0, result.output
    assert sorted(result.output.splitlines()) == ["volcano-careers\tcase-study\tfr\tCareers around volcanoes",
                                                  "volcanoes\tactivity\ten\tVolcano experiments"]
    filtered = runner.invoke(args=["resources", "search", "volcano", "--language", "fr"])
    assert filtered.output.splitlines() == ["volcano-careers\tcase-study\tfr\tCareers around volcanoes"]
    assert runner.invoke(args=["resources", "search", "--sort", "loudest"]).exit_code == 2  # a clear usage error
