"""A course file's ``language`` (a code Babel knows) and ``translations`` (other courses here, each
in another language), every problem at its file and line; linked courses share one group key."""

from __future__ import annotations

import pytest

from tests.unit.catalog_files import course_of, course_toml, line_of, load, only_problem, places, write_course


def one_problem(catalog):
    """The one problem, in a catalogue whose other courses are fine (the one at fault is not read)."""
    assert len(catalog.problems) == 1, "\n".join(map(str, catalog.problems))
    problem = catalog.problems[0]
    assert problem.path not in {course.path for course in catalog.courses}
    return problem


def write(root, slug: str, *, language: str = "en", extra: str = ""):
    toml = course_toml(slug).replace('language = "en"\n', f'language = "{language}"\n{extra}')
    return write_course(root, slug, toml=toml)


@pytest.mark.parametrize("code", ["xx", "english", "en_ZZ", "und", "e", "en-", "fr;de", "x" * 20])
def test_a_language_babel_does_not_know_is_reported_at_its_line(tmp_path, code):
    path = write(tmp_path, "demo", language=code)

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "language ="))
    assert problem.message == f"unknown language '{code}': use a code such as 'en', 'fr' or 'pt-BR'"


@pytest.mark.parametrize(("code", "stored"), [("fr", "fr"), ("EN", "en"), ("pt_BR", "pt-BR"), ("pt-br", "pt-BR"),
                                              ("zh-Hant-TW", "zh-Hant-TW")])
def test_a_known_language_is_kept_as_a_tag_for_the_lang_attribute(tmp_path, code, stored):
    write(tmp_path, "demo", language=code)

    assert course_of(load(tmp_path)).language == stored


def test_courses_linked_either_way_share_one_group_and_others_have_none(tmp_path):
    write(tmp_path, "intro", language="en", extra='translations = ["intro-fr"]\n')
    write(tmp_path, "intro-fr", language="fr")
    write(tmp_path, "intro-de", language="de", extra='translations = ["intro"]\n')
    write(tmp_path, "alone", language="en")

    catalog = load(tmp_path)

    groups = {course.slug: course.translation_group for course in catalog.courses}
    assert groups["intro"] == groups["intro-fr"] == groups["intro-de"] is not None
    assert groups["alone"] is None


def test_the_group_key_changes_when_a_course_joins_the_set(tmp_path):
    write(tmp_path, "intro", language="en", extra='translations = ["intro-fr"]\n')
    write(tmp_path, "intro-fr", language="fr")
    before = course_of(load(tmp_path), "intro").translation_group
    write(tmp_path, "intro-de", language="de", extra='translations = ["intro"]\n')

    assert course_of(load(tmp_path), "intro").translation_group != before


def test_a_translation_that_is_no_course_here_is_reported_at_the_line_naming_it(tmp_path):
    path = write(tmp_path, "intro", extra='translations = [\n  "intro-fr",\n  "intro-nl",\n]\n')
    write(tmp_path, "intro-fr", language="fr")

    problem = one_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, '"intro-nl"'))
    assert problem.message == "translation 'intro-nl' is not a course here: no course file has that slug"


def test_a_course_listing_itself_is_reported(tmp_path):
    path = write(tmp_path, "intro", extra='translations = ["intro"]\n')

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "translations ="))
    assert problem.message == "the course lists itself among its translations"


@pytest.mark.parametrize(("value", "message"), [
    ('"intro-fr"', "'translations' must be a list"),
    ("[1, 2]", "'translations' must be a list of non-empty strings"),
    ('["Intro FR"]', "translation 'Intro FR' must be a course slug: lower-case letters, digits and hyphens"),
])
def test_a_malformed_translations_key_is_reported_at_its_line(tmp_path, value, message):
    path = write(tmp_path, "intro", extra=f"translations = {value}\n")

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line, problem.message) == (path, line_of(path, "translations ="), message)


def test_two_linked_courses_in_the_same_language_are_a_clash(tmp_path):
    path = write(tmp_path, "intro", language="en", extra='translations = ["intro-copy"]\n')
    write(tmp_path, "intro-copy", language="en")

    problem = one_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "translations ="))
    assert problem.message == ("courses linked as translations must each be in a different language, "
                               "but intro, intro-copy share the language 'en'")


def test_a_clash_through_a_third_course_is_reported_in_each_file_that_links(tmp_path):
    first = write(tmp_path, "intro", language="en", extra='translations = ["intro-fr"]\n')
    write(tmp_path, "intro-fr", language="fr")
    second = write(tmp_path, "intro-uk", language="en", extra='translations = ["intro-fr"]\n')

    catalog = load(tmp_path)

    assert places(catalog) == {(first.name, line_of(first, "translations =")), (second.name, line_of(second, "translations ="))}
    assert all("intro, intro-uk share the language 'en'" in p.message for p in catalog.problems)


def test_a_link_to_a_course_with_problems_of_its_own_says_only_those(tmp_path):
    write(tmp_path, "intro", extra='translations = ["intro-fr"]\n')
    broken = write(tmp_path, "intro-fr", language="fr", extra='colour = "blue"\n')

    problem = one_problem(load(tmp_path))

    assert (problem.path, problem.line) == (broken, line_of(broken, "colour ="))
