"""Courses in several languages: the catalogue names each course's language and filters by it
(a plain GET form with counts), and a course page links to the same course in other languages,
naming each language in that language itself."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import select

from lms.core.extensions import db
from lms.courses.catalog import load_catalog
from lms.courses.models import Course
from lms.courses.services.sync import sync_courses
from tests.conftest import NOW, ROOT
from tests.web.test_course_pages import text_of


ENGLISH_TITLES = ["Makerspaces and Coding Clubs in Libraries", "Opening Schools to STEM Careers",  # by title
                  "STEM Outreach for Library Staff", "STEM Storytime: Science for Young Children in Libraries"]


def card_titles(html: str) -> list[str]:
    return re.findall(r'<h3 lang="[^"]+"><a href="/courses/[^"]+">([^<]+)</a></h3>', html)


def options(html: str) -> dict[str, str]:
    """The language filter's options: value -> the words shown."""
    form = re.search(r'<form method="get" action="/" class="catalogue-filter".*?</form>', html, re.S).group(0)
    return {value: text_of(words).strip() for value, words in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', form)}


def card_languages(html: str) -> dict[str, str]:
    """Each card's course (by its link) and the language it names."""
    return dict(re.findall(r'<a href="/courses/([^"#]+)">.*?<dd class="course-language">([^<]+)</dd>', html, re.S))


def test_each_course_card_names_its_language_in_the_readers_language(client, courses):
    html = client.get("/").get_data(as_text=True)
    assert card_languages(html) == {"library-makerspaces": "English", "stem-careers": "English", "stem-metiers": "French",
                                    "stem-outreach-libraries": "English", "stem-storytime": "English"}
    assert '<h3 lang="fr"><a href="/courses/stem-metiers">' in html  # the title is marked as French text
    german = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert card_languages(german) == {"library-makerspaces": "Englisch", "stem-careers": "Englisch", "stem-metiers": "Französisch",
                                      "stem-outreach-libraries": "Englisch", "stem-storytime": "Englisch"}


def test_the_catalogue_offers_each_language_with_its_number_of_courses(client, courses):
    html = client.get("/").get_data(as_text=True)
    assert options(html) == {"": "All languages (5 courses)", "en": "English (4 courses)", "fr": "French (1 course)"}
    assert '<select id="filter-language" name="language">' in html and '<label for="filter-language">' in html
    assert len(card_titles(html)) == 5


def test_choosing_a_language_shows_only_its_courses_and_keeps_the_choice(client, courses):
    html = client.get("/?language=fr").get_data(as_text=True)
    assert card_titles(html) == ["Ouvrir l&#39;école aux métiers des STEM"]
    assert '<option value="fr" selected>' in html
    assert "Show courses in every language" in html
    english = client.get("/?language=en").get_data(as_text=True)
    assert card_titles(english) == ENGLISH_TITLES
    # The counts stay those of the whole catalogue, whatever is shown.
    assert options(english)["fr"] == "French (1 course)" and options(english)[""] == "All languages (5 courses)"


@pytest.mark.parametrize("query", ["language=xx", "language=", "language=FR", "language=fr-FR", "language=de",
                                   "language=" + "f" * 5000, "language=%E2%80%AE", "language=fr%27%3B--",
                                   "language[]=fr", "lang=fr"])
def test_an_unknown_or_odd_language_is_ignored_and_every_course_shown(client, courses, query):
    response = client.get("/?" + query)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(card_titles(html)) == 5
    assert " selected>" not in html.split('id="filter-language"')[1].split("</select>")[0]
    assert "Show courses in every language" not in html


def test_the_first_of_two_languages_given_is_the_one_used(client, courses):
    assert len(card_titles(client.get("/?language=fr&language=en").get_data(as_text=True))) == 1


def test_counts_cover_live_courses_only(client, courses):
    db.session.scalar(select(Course).where(Course.slug == "stem-outreach-libraries")).archived_at = NOW
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert options(html) == {"": "All languages (4 courses)", "en": "English (3 courses)", "fr": "French (1 course)"}


def test_a_catalogue_in_one_language_has_no_filter(client, courses):
    db.session.scalar(select(Course).where(Course.slug == "stem-metiers")).archived_at = NOW
    db.session.commit()
    html = client.get("/?language=fr").get_data(as_text=True)
    assert 'class="catalogue-filter"' not in html and len(card_titles(html)) == 4


def test_filtering_costs_no_extra_query(client, courses, count_queries):
    client.get("/")
    for url in ("/", "/?language=fr", "/?language=xx"):
        with count_queries() as queries:
            assert client.get(url).status_code == 200
        # courses with their language counts, runs, module counts, and the programmes listed beside them
        assert len(queries) == 4, "\n".join(queries)


def test_courses_leads_to_the_catalogue_with_its_filter(client, courses):
    response = client.get("/courses?language=fr")
    assert response.status_code == 301 and response.headers["Location"] == "/?language=fr"


def test_a_course_page_links_to_its_translation_and_back(client, courses):
    english = client.get("/courses/stem-careers").get_data(as_text=True)
    assert ('<a href="/courses/stem-metiers" hreflang="fr">This course in <span lang="fr">Français</span></a>'
            in english)
    french = client.get("/courses/stem-metiers").get_data(as_text=True)
    assert ('<a href="/courses/stem-careers" hreflang="en">This course in <span lang="en">English</span></a>'
            in french)
    assert '<h1 lang="fr">Ouvrir l&#39;école aux métiers des STEM</h1>' in french
    assert "<dt>Language</dt><dd>French</dd>" in french
    library = client.get("/courses/stem-outreach-libraries").get_data(as_text=True)
    assert "This course in" not in library and 'class="translations"' not in library


def test_the_other_language_is_named_in_its_own_language_whatever_the_readers(client, courses):
    html = client.get("/courses/stem-careers", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="de">' in html
    assert '<span lang="fr">Français</span>' in html
    assert "<dd>Englisch</dd>" in html  # the course's own language, in the reader's


def relinked(tmp_path, *, english_side: bool):
    """The sample files with the link written in the English file instead of the French one."""
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(ROOT / "courses", courses)
    shutil.copytree(ROOT / "content", content)
    french = courses / "stem-metiers.toml"
    french.write_text(french.read_text().replace('translations = ["stem-careers"]\n', ""))
    if english_side:
        english = courses / "stem-careers.toml"
        english.write_text(english.read_text().replace('language = "en"\n', 'language = "en"\ntranslations = ["stem-metiers"]\n'))
    catalog = load_catalog(courses, content)
    assert catalog.ok, catalog.problems
    sync_courses(catalog.courses, now=NOW)
    db.session.commit()


def test_a_link_removed_from_the_files_leaves_the_pages_and_their_etag_changes(client, courses, tmp_path):
    before = client.get("/courses/stem-careers")
    assert "This course in" in before.get_data(as_text=True)
    relinked(tmp_path, english_side=False)
    after = client.get("/courses/stem-careers", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "This course in" not in after.get_data(as_text=True)
    assert "This course in" not in client.get("/courses/stem-metiers").get_data(as_text=True)


def test_a_link_written_on_the_other_side_links_both_ways_again(client, courses, tmp_path):
    relinked(tmp_path, english_side=True)
    assert 'hreflang="fr"' in client.get("/courses/stem-careers").get_data(as_text=True)
    assert 'hreflang="en"' in client.get("/courses/stem-metiers").get_data(as_text=True)
