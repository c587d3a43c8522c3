"""Problems in a course file (courses/*.toml), each reported at its file and line."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.unit.catalog_files import (
    FRONT,
    MODULES,
    RELEASE,
    RUN,
    UTC,
    course_of,
    course_toml,
    line_of,
    load,
    module_md,
    only_problem,
    places,
    write_course,
)

# --- problems, each at its file and line ---------------------------------------------


def test_problem_reads_as_path_line_message_when_printed(tmp_path):
    path = write_course(tmp_path, toml=course_toml(extra='colour = "blue"\n'))

    problem = only_problem(load(tmp_path))

    assert str(problem) == f"{path}:{line_of(path, 'colour =')}: {problem.message}"
    assert "unknown key 'colour'" in problem.message


@pytest.mark.parametrize(
    ("where", "pieces", "key"),
    [
        ("course", {"extra": 'colour = "blue"\n'}, "colour"),
        ("module", {"modules": ("getting-started",), "module_extra": "weight = 2\n"}, "weight"),
        ("run", {"run": RUN + 'venue = "Online"\n'}, "venue"),
        ("release", {"release": RELEASE + "every_weeks = 1\n"}, "every_weeks"),
    ],
)
def test_unknown_key_is_reported_at_its_line_when_course_file_has_one(tmp_path, where, pieces, key):
    modules = pieces.get("modules", MODULES)
    path = write_course(tmp_path, toml=course_toml(**pieces), modules=modules)

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, f"{key} ="))
    assert f"unknown key '{key}'" in problem.message


def test_unknown_key_is_reported_at_its_line_when_front_matter_has_one(tmp_path):
    front = FRONT.format(title="Pathways") + 'author = "Someone"\n'
    write_course(tmp_path, files={"pathways": module_md(front=front)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module_path, 6)
    assert line_of(module_path, "author =") == 6
    assert "unknown front-matter key 'author'" in problem.message


def test_missing_module_file_is_reported_at_its_slug_when_no_file_matches(tmp_path):
    path = write_course(tmp_path, files={"pathways": None})

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, 'slug = "pathways"'))
    assert "missing file" in problem.message and "NN-pathways.md" in problem.message


def test_duplicate_module_slug_is_reported_at_the_second_one_when_listed_twice(tmp_path):
    toml = course_toml(modules=MODULES + ("pathways",))
    path = write_course(tmp_path, toml=toml)
    second = [n for n, line in enumerate(toml.splitlines(), 1) if line == 'slug = "pathways"'][1]

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, second)
    assert "duplicate module slug 'pathways'" in problem.message


def test_copied_course_file_is_reported_and_not_imported_twice_when_it_keeps_the_slug(tmp_path):
    write_course(tmp_path)
    second = write_course(tmp_path, file_name="demo-copy", toml="# The same course again\n" + course_toml())

    catalog = load(tmp_path)

    assert [c.slug for c in catalog.courses] == ["demo"]
    assert [str(p.path) for p in catalog.problems] == [str(second)]
    problem = catalog.problems[0]
    assert problem.line == line_of(second, 'slug = "demo"') == 2
    assert "slug 'demo' differs from the file name" in problem.message


@pytest.mark.parametrize(
    ("written", "expected_words"),
    [
        ("starts = 2024-03-04", "needs a time too"),
        ('starts = "4 March 2024"', "must be a date-time"),
        ("starts = 20240304", "must be a date-time"),
    ],
    ids=["date without time", "string", "number"],
)
def test_bad_start_is_reported_once_at_its_line_when_not_a_date_time(tmp_path, written, expected_words):
    path = write_course(tmp_path, toml=course_toml(run=RUN.replace("starts = 2024-03-04T09:00:00", written)))

    problem = only_problem(load(tmp_path))  # one fault, one message

    assert (problem.path, problem.line) == (path, line_of(path, "starts ="))
    assert expected_words in problem.message


def test_bad_end_is_reported_at_its_line_when_it_is_a_string(tmp_path):
    path = write_course(tmp_path, toml=course_toml(run=RUN.replace("ends = 2024-06-28T17:00:00", 'ends = "June"')))

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(path, "ends =")
    assert "'ends' must be a date-time" in problem.message


def test_unknown_time_zone_is_reported_at_its_line_when_misspelt(tmp_path):
    path = write_course(tmp_path, toml=course_toml(run=RUN.replace("Europe/Brussels", "Europe/Bruxelles")))

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "timezone ="))
    assert "unknown time zone 'Europe/Bruxelles'" in problem.message


def test_end_before_start_is_reported_at_the_end_when_window_is_reversed(tmp_path):
    path = write_course(tmp_path, toml=course_toml(run=RUN.replace("2024-06-28T17:00:00", "2024-03-01T17:00:00")))

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "ends ="))
    assert "ends before it starts" in problem.message


def test_wrong_type_is_named_in_toml_words_when_a_value_has_the_wrong_kind(tmp_path):
    path = write_course(tmp_path, toml=course_toml(run=RUN + 'release = "weekly"\n', release=None))

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(path, "release =")
    assert problem.message == "'release' must be a table"


def test_bad_hours_are_reported_once_when_hours_per_week_is_text(tmp_path):
    path = write_course(tmp_path, toml=course_toml().replace("hours_per_week = [1, 2]", 'hours_per_week = "two"'))

    problem = only_problem(load(tmp_path))  # one fault, one message

    assert problem.line == line_of(path, "hours_per_week =")
    assert problem.message == "'hours_per_week' must be a positive number or [min, max]"


def test_every_bad_release_number_is_reported_when_several_are_wrong(tmp_path):
    release = 'mode = "weekly"\ninitial = 0\nbatch = -1\nevery_days = "7"\n'
    path = write_course(tmp_path, toml=course_toml(release=release))

    catalog = load(tmp_path)

    keys = ("mode", "initial", "batch", "every_days")
    assert places(catalog) == {(path.name, line_of(path, f"{key} =")) for key in keys}
    assert len(catalog.problems) == 4


def test_overrides_are_reported_at_their_line_when_not_a_table(tmp_path):
    path = write_course(tmp_path, toml=course_toml(release=RELEASE + 'overrides = "2024-03-11T09:00:00"\n'))

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(path, "overrides =")
    assert problem.message == "'overrides' must be a table"


def test_problems_in_a_second_run_are_reported_at_its_own_lines_when_course_has_two_runs(tmp_path):
    second_run = (
        '\n[[runs]]\nslug = "spring-2024"\ntitle = "Autumn 2024"\ntimezone = "Europe/Brusels"\n'
        "starts = 2024-09-02T09:00:00\n\n[runs.release]\nmode = \"scheduled\"\nevery_week = 1\n"
    )
    path = write_course(tmp_path, toml=course_toml() + second_run)
    release_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == "[runs.release]"]

    catalog = load(tmp_path)

    slug_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == 'slug = "spring-2024"']
    assert places(catalog) == {
        (path.name, slug_lines[1]),  # duplicate run slug
        (path.name, line_of(path, "Europe/Brusels")),
        (path.name, line_of(path, "every_week =")),
    }
    assert len(release_lines) == 2 and line_of(path, "every_week =") == release_lines[1] + 2


def test_release_rule_is_reported_for_each_undated_module_when_batch_is_zero(tmp_path):
    path = write_course(tmp_path, toml=course_toml(release=RELEASE.replace("batch = 1", "batch = 0")))

    catalog = load(tmp_path)

    assert places(catalog) == {(path.name, line_of(path, "[runs.release]"))}
    assert sorted(p.message for p in catalog.problems) == [
        f"the release rule leaves module '{slug}' without a date (add 'batch' or an override)"
        for slug in sorted(MODULES[1:])
    ]
    assert catalog.courses == ()


def test_batch_zero_is_fine_when_overrides_date_the_remaining_modules(tmp_path):
    release = RELEASE.replace("batch = 1", "batch = 0") + (
        "\n[runs.release.overrides]\npathways = 2024-03-11T09:00:00\nnext-steps = 2024-04-15T09:00:00\n"
    )
    write_course(tmp_path, toml=course_toml(release=release))

    rule = course_of(load(tmp_path)).runs[0].release

    assert rule.overrides == {
        "pathways": datetime(2024, 3, 11, 8, 0, tzinfo=UTC),
        "next-steps": datetime(2024, 4, 15, 7, 0, tzinfo=UTC),  # after the switch to summer time
    }


def test_override_for_unknown_module_is_reported_at_its_line_when_slug_is_misspelt(tmp_path):
    release = RELEASE + "\n[runs.release.overrides]\npathway = 2024-03-11T09:00:00\n"
    path = write_course(tmp_path, toml=course_toml(release=release))

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "pathway ="))
    assert "override for unknown module 'pathway'" in problem.message


def test_override_for_unknown_module_is_reported_at_its_line_when_written_inline(tmp_path):
    release = RELEASE + "overrides = { pathway = 2024-03-11T09:00:00 }\n"
    path = write_course(tmp_path, toml=course_toml(release=release))

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(path, "overrides =")


def test_module_opening_after_the_window_is_reported_when_the_run_is_too_short(tmp_path):
    # Weekly from 4 March: next-steps opens 18 March, after the run ends on 15 March.
    path = write_course(tmp_path, toml=course_toml(run=RUN.replace("2024-06-28T17:00:00", "2024-03-15T17:00:00")))

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "[runs.release]"))
    assert problem.message == "module 'next-steps' would open after the course window closes"


def test_override_is_reported_at_its_line_when_it_opens_a_module_before_the_one_above(tmp_path):
    release = RELEASE + "\n[runs.release.overrides]\nnext-steps = 2024-03-05T09:00:00\n"
    path = write_course(tmp_path, toml=course_toml(release=release))

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(path, "next-steps =")
    assert "would open before the module above it" in problem.message


@pytest.mark.parametrize(
    ("broken", "bad_line"),
    [
        ('title = "Demo course', 'title = "Demo course'),
        ("language = en", "language = en"),
        ("hours_per_week = [1, 2", "outcomes ="),  # the parser notices on the next line
    ],
    ids=["unclosed string", "bare word", "unclosed array"],
)
def test_toml_syntax_error_is_reported_at_its_line_when_course_file_is_broken(tmp_path, broken, bad_line):
    original = {
        "title": 'title = "Demo course"', "language": 'language = "en"', "hours_per_week": "hours_per_week = [1, 2]",
    }
    key = broken.split(" =")[0]
    path = write_course(tmp_path, toml=course_toml().replace(original[key], broken))

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, bad_line))
    assert problem.message.startswith("not valid TOML: ")


def test_toml_syntax_error_is_reported_at_the_last_line_when_the_file_ends_too_early(tmp_path):
    path = write_course(tmp_path, toml=course_toml() + 'notes = """\nForgot to close this string.\n')

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line_of(path, "Forgot to close"))
    assert problem.message == "not valid TOML: Unterminated string"
