"""load_catalog: courses/*.toml + content/<course>/NN-<module>.md, and every problem as file:line."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from lms.courses.catalog import Catalog, Problem, load_catalog

REAL_COURSES = Path(__file__).resolve().parents[2] / "courses"
REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"

REPO = Path(__file__).resolve().parents[2]
UTC = timezone.utc

MODULES = ("getting-started", "pathways", "next-steps")

RUN = """\
slug = "spring-2024"
title = "Spring 2024"
timezone = "Europe/Brussels"
starts = 2024-03-04T09:00:00
ends = 2024-06-28T17:00:00
"""

RELEASE = """\
mode = "scheduled"
initial = 1
batch = 1
every_days = 7
"""

FRONT = """\
title = "{title}"
summary = "What this module is about."
estimated_minutes = 40
objectives = ["Say what you learnt", "Try it in class"]
"""

BODY = """\
# First steps

Some text.

# Going further {#further}

More text.
"""


def course_toml(
    slug: str = "demo",
    *,
    modules: tuple[str, ...] = MODULES,
    extra: str = "",
    module_extra: str = "",
    run: str = RUN,
    release: str | None = RELEASE,
) -> str:
    """A valid course file; each keyword swaps in a piece to break (``release=None``: no release table)."""
    module_tables = "".join(f'\n[[modules]]\nslug = "{m}"\n{module_extra}' for m in modules)
    return (
        f'slug = "{slug}"\n'
        'title = "Demo course"\n'
        'summary = "A course the tests build."\n'
        'audience = ["Teachers", "Career counsellors"]\n'
        'language = "en"\n'
        "hours_per_week = [1, 2]\n"
        'outcomes = ["Pass the tests"]\n'
        f"{extra}"
        f"{module_tables}"
        f"\n[[runs]]\n{run}"
        + ("" if release is None else f"\n[runs.release]\n{release}")
    )


def module_md(title: str = "A module", *, front: str | None = None, body: str = BODY) -> str:
    """A valid module file: front matter from line 2, then two units."""
    front = FRONT.format(title=title) if front is None else front
    return f"+++\n{front}+++\n\n{body}"


def write_course(
    root: Path,
    slug: str = "demo",
    *,
    toml: str | None = None,
    files: dict[str, str | None] | None = None,
    file_name: str | None = None,
    modules: tuple[str, ...] = MODULES,
) -> Path:
    """Write courses/<file_name or slug>.toml and content/<slug>/NN-<module>.md for ``modules``.

    ``files`` maps a module slug to the text of its file (``None``: no file), or
    a file name such as ``"01-x.md"`` to its text, replacing the defaults."""
    (root / "courses").mkdir(parents=True, exist_ok=True)
    folder = root / "content" / slug
    folder.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str | None] = {
        f"{number:02d}-{module}.md": module_md(module.replace("-", " ").capitalize())
        for number, module in enumerate(modules, start=1)
    }
    for key, text in (files or {}).items():
        name = key if key.endswith(".md") else next(n for n in texts if n[3:-3] == key)
        texts[name] = text
    for name, text in texts.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    path = root / "courses" / f"{file_name or slug}.toml"
    path.write_text(course_toml(slug, modules=modules) if toml is None else toml, encoding="utf-8")
    return path


def load(root: Path) -> Catalog:
    return load_catalog(root / "courses", root / "content")


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the one line in ``path`` that contains ``text``."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(found) == 1, f"{text!r} is on lines {found} of {path.name}"
    return found[0]


def places(catalog: Catalog) -> set[tuple[str, int]]:
    return {(p.path.name, p.line) for p in catalog.problems}


def only_problem(catalog: Catalog) -> Problem:
    assert len(catalog.problems) == 1, "\n".join(map(str, catalog.problems))
    assert catalog.courses == ()  # nothing is imported from a course with a problem
    return catalog.problems[0]


def course_of(catalog: Catalog, slug: str = "demo"):
    assert catalog.problems == (), "\n".join(map(str, catalog.problems))
    return next(c for c in catalog.courses if c.slug == slug)


# --- a valid course -----------------------------------------------------------------


def test_course_loads_with_every_field_when_files_are_valid(tmp_path):
    write_course(tmp_path)

    course = course_of(load(tmp_path))

    assert course.title == "Demo course"
    assert course.audience == ("Teachers", "Career counsellors")
    assert course.hours_per_week == (1, 2)
    module = course.modules[0]
    assert (module.title, module.estimated_minutes) == ("Getting started", 40)
    assert module.objectives == ("Say what you learnt", "Try it in class")
    assert [r.slug for r in course.runs] == ["spring-2024"]


def test_modules_follow_the_course_file_order_when_file_numbers_differ(tmp_path):
    # The TOML lists the modules; the NN- prefix only names the file.
    write_course(tmp_path, modules=("zeta", "alpha", "mid"))
    folder = tmp_path / "content" / "demo"
    (folder / "01-zeta.md").rename(folder / "09-zeta.md")
    (folder / "02-alpha.md").rename(folder / "01-alpha.md")

    course = course_of(load(tmp_path))

    assert [m.slug for m in course.modules] == ["zeta", "alpha", "mid"]
    assert course.modules[0].path.name == "09-zeta.md"


def test_units_are_split_at_level_one_headings_when_a_module_has_several(tmp_path):
    body = (
        "# Why it matters\n\nIntro.\n\n## A sub-heading stays inside\n\nText.\n\n"
        "# What to do\n\nSteps.\n\n# Wrap-up!\n\nEnd.\n"
    )
    write_course(tmp_path, files={"getting-started": module_md(body=body)})

    units = course_of(load(tmp_path)).modules[0].units

    assert [u.title for u in units] == ["Why it matters", "What to do", "Wrap-up!"]
    assert [u.slug for u in units] == ["why-it-matters", "what-to-do", "wrap-up"]
    assert "A sub-heading stays inside" in units[0].html
    assert "Steps." in units[1].html and "Steps." not in units[0].html
    assert "<h1" not in units[0].html  # the unit title is not repeated in its body


def test_unit_slug_comes_from_braces_when_heading_gives_one(tmp_path):
    write_course(tmp_path)

    units = course_of(load(tmp_path)).modules[0].units

    assert [(u.title, u.slug) for u in units] == [("First steps", "first-steps"), ("Going further", "further")]


@pytest.mark.parametrize("fence", ["```", "~~~", "```bash"])
def test_heading_is_not_a_unit_break_when_inside_a_code_fence(tmp_path, fence):
    closing = fence[:3]
    body = f"# Shell basics\n\n{fence}\n# this is a comment, not a unit\necho hi\n{closing}\n\n# Next unit\n\nText.\n"
    write_course(tmp_path, files={"getting-started": module_md(body=body)})

    units = course_of(load(tmp_path)).modules[0].units

    assert [u.title for u in units] == ["Shell basics", "Next unit"]
    assert "# this is a comment, not a unit" in units[0].html


def test_run_start_is_stored_in_utc_when_given_in_local_time(tmp_path):
    write_course(tmp_path, toml=course_toml(run=RUN.replace("2024-06-28T17:00:00", "2024-11-29T17:00:00")))

    run = course_of(load(tmp_path)).runs[0]

    assert run.timezone == "Europe/Brussels"
    assert run.starts_at == datetime(2024, 3, 4, 8, 0, tzinfo=UTC)  # 09:00 CET
    assert run.ends_at == datetime(2024, 11, 29, 16, 0, tzinfo=UTC)  # 17:00 CET
    assert run.starts_at.utcoffset().total_seconds() == 0


def test_run_start_in_summer_is_two_hours_ahead_of_utc_when_zone_is_brussels(tmp_path):
    write_course(tmp_path, toml=course_toml(run=RUN.replace("2024-03-04T09:00:00", "2024-04-08T09:00:00")))

    assert course_of(load(tmp_path)).runs[0].starts_at == datetime(2024, 4, 8, 7, 0, tzinfo=UTC)


def test_run_start_keeps_its_offset_when_written_with_one(tmp_path):
    write_course(tmp_path, toml=course_toml(run=RUN.replace("2024-03-04T09:00:00", "2024-03-04T09:00:00Z")))

    assert course_of(load(tmp_path)).runs[0].starts_at == datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def test_real_courses_load_without_problems_when_read_from_the_repository():
    catalog = load_catalog(REPO / "courses", REPO / "content")

    assert catalog.problems == (), "\n".join(map(str, catalog.problems))
    assert {c.slug for c in catalog.courses} == {"stem-careers", "stem-outreach-libraries"}
    stem = next(c for c in catalog.courses if c.slug == "stem-careers")
    assert len(stem.modules) == 8 and all(m.units for m in stem.modules)
    assert stem.runs[0].starts_at == datetime(2017, 9, 25, 7, 0, tzinfo=UTC)


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


def test_front_matter_syntax_error_is_reported_at_its_file_line_when_toml_is_broken(tmp_path):
    # Front matter starts on line 2 of the file, after the opening '+++'.
    front = 'title = "Pathways"\nsummary = What this is about\nestimated_minutes = 40\nobjectives = ["x"]\n'
    write_course(tmp_path, files={"pathways": module_md(front=front)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module_path, 3)
    assert line_of(module_path, "summary = What") == 3
    assert "front matter is not valid TOML" in problem.message


def test_front_matter_syntax_error_is_reported_at_its_last_line_when_an_array_is_left_open(tmp_path):
    front = 'title = "Pathways"\nsummary = "S"\nestimated_minutes = 40\nobjectives = [\n  "one",\n  "two",\n'
    write_course(tmp_path, files={"pathways": module_md(front=front)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module_path, line_of(module_path, '"two",'))
    assert problem.message.startswith("front matter is not valid TOML: ")


def test_front_matter_is_reported_at_line_one_when_it_is_not_closed(tmp_path):
    text = "+++\n" + FRONT.format(title="Pathways") + "\n" + BODY
    write_course(tmp_path, files={"pathways": text})

    problem = only_problem(load(tmp_path))

    assert (problem.path.name, problem.line) == ("02-pathways.md", 1)
    assert "front matter is not closed" in problem.message


@pytest.mark.parametrize(
    "text", [BODY, "", "title = 'x'\n+++\n" + BODY], ids=["no front matter", "empty file", "no opening line"]
)
def test_front_matter_is_reported_at_line_one_when_it_is_missing(tmp_path, text):
    write_course(tmp_path, files={"pathways": text})

    problem = only_problem(load(tmp_path))

    assert (problem.path.name, problem.line) == ("02-pathways.md", 1)
    assert "front matter missing" in problem.message


def test_missing_front_matter_key_is_named_when_absent(tmp_path):
    front = 'title = "Pathways"\nsummary = "S"\nobjectives = ["x"]\n'
    write_course(tmp_path, files={"pathways": module_md(front=front)})

    problem = only_problem(load(tmp_path))

    assert (problem.path.name, problem.line) == ("02-pathways.md", 1)
    assert problem.message == "front matter lacks 'estimated_minutes'"


def test_wrong_front_matter_type_is_reported_at_its_line_in_toml_words_when_minutes_is_text(tmp_path):
    front = FRONT.format(title="Pathways").replace("estimated_minutes = 40", 'estimated_minutes = "forty"')
    write_course(tmp_path, files={"pathways": module_md(front=front)})

    problem = only_problem(load(tmp_path))

    assert (problem.path.name, problem.line) == ("02-pathways.md", 4)
    assert problem.message == "'estimated_minutes' must be a whole number"


def test_text_before_the_first_unit_is_reported_at_its_line_when_present(tmp_path):
    write_course(tmp_path, files={"pathways": module_md(body="Stray introduction.\n\n" + BODY)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module_path, line_of(module_path, "Stray introduction."))
    assert "text before the first unit" in problem.message


def test_module_without_units_is_reported_when_it_has_only_front_matter(tmp_path):
    write_course(tmp_path, files={"pathways": module_md(body="")})

    problem = only_problem(load(tmp_path))

    assert problem.path.name == "02-pathways.md"
    assert "no units" in problem.message


def test_duplicate_unit_title_is_reported_at_the_second_heading_when_repeated(tmp_path):
    body = "# Summary\n\nOne.\n\n# Practice\n\nTwo.\n\n# Summary\n\nThree.\n"
    write_course(tmp_path, files={"pathways": module_md(body=body)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"
    headings = [n for n, line in enumerate(module_path.read_text().splitlines(), 1) if line == "# Summary"]

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module_path, headings[1])
    assert f"first at line {headings[0]}" in problem.message


def test_duplicate_unit_slug_is_reported_when_explicit_slug_repeats_a_title(tmp_path):
    body = "# Summary\n\nOne.\n\n# Wrap-up {#summary}\n\nTwo.\n"
    write_course(tmp_path, files={"pathways": module_md(body=body)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(module_path, "# Wrap-up {#summary}")
    assert "duplicate unit 'summary'" in problem.message


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


# --- all at once ---------------------------------------------------------------------


def test_every_problem_is_reported_in_one_call_when_several_files_are_broken(tmp_path):
    # Course "alpha": an unknown key, a bad time zone and a broken module file.
    alpha = write_course(
        tmp_path, "alpha",
        toml=course_toml("alpha", extra='colour = "blue"\n', run=RUN.replace("Europe/Brussels", "Mars/Olympus")),
        files={
            "pathways": module_md(front=FRONT.format(title="P") + "level = 2\n"),
            "next-steps": module_md(body="Oops, no heading.\n\n" + BODY),
        },
    )
    # Course "beta": a missing module file and a duplicated unit.
    beta = write_course(
        tmp_path, "beta",
        files={"pathways": None, "next-steps": module_md(body="# Same\n\na\n\n# Same\n\nb\n")},
    )
    # Course "gamma": valid, but it must not hide the others' problems.
    write_course(tmp_path, "gamma")
    alpha_pathways = tmp_path / "content" / "alpha" / "02-pathways.md"
    alpha_next = tmp_path / "content" / "alpha" / "03-next-steps.md"
    beta_next = tmp_path / "content" / "beta" / "03-next-steps.md"

    catalog = load(tmp_path)

    assert places(catalog) == {
        ("alpha.toml", line_of(alpha, "colour =")),
        ("alpha.toml", line_of(alpha, "timezone =")),
        ("02-pathways.md", line_of(alpha_pathways, "level =")),
        ("03-next-steps.md", line_of(alpha_next, "Oops, no heading.")),
        ("beta.toml", line_of(beta, 'slug = "pathways"')),
        ("03-next-steps.md", [n for n, x in enumerate(beta_next.read_text().splitlines(), 1) if x == "# Same"][1]),
    }
    assert len(catalog.problems) == 6
    assert {p.path.parent.name for p in catalog.problems if p.path.suffix == ".md"} == {"alpha", "beta"}
    assert [c.slug for c in catalog.courses] == ["gamma"]  # the broken courses yield nothing


def test_empty_courses_folder_is_reported_when_there_is_no_course_file(tmp_path):
    (tmp_path / "courses").mkdir()

    catalog = load(tmp_path)

    assert catalog.courses == ()
    assert len(catalog.problems) == 1 and "no course files" in catalog.problems[0].message


def test_course_slug_must_match_its_file_name_when_they_differ(tmp_path):
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(REAL_COURSES, courses)
    shutil.copytree(REAL_CONTENT, content)
    (courses / "stem-careers.toml").rename(courses / "stem.toml")
    catalog = load_catalog(courses, content)
    assert [str(p) for p in catalog.problems] == [
        f"{courses / 'stem.toml'}:3: slug 'stem-careers' differs from the file name: rename the file stem-careers.toml"
    ]


def test_two_files_for_one_module_are_reported_when_both_exist(tmp_path):
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(REAL_COURSES, courses)
    shutil.copytree(REAL_CONTENT, content)
    original = content / "stem-careers" / "02-stem-career-pathways.md"
    shutil.copy(original, content / "stem-careers" / "09-stem-career-pathways.md")
    messages = [p.message for p in load_catalog(courses, content).problems]
    assert messages == ["module 'stem-career-pathways' has 2 files (02-stem-career-pathways.md, 09-stem-career-pathways.md): keep one"]


def test_a_byte_order_mark_at_the_start_of_a_module_file_is_accepted(tmp_path):
    courses, content = tmp_path / "courses", tmp_path / "content"
    shutil.copytree(REAL_COURSES, courses)
    shutil.copytree(REAL_CONTENT, content)
    path = content / "stem-careers" / "00-introduction.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalog(courses, content).ok
