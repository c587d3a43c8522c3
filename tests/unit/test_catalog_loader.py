"""load_catalog: a valid catalogue loads whole, and every problem is reported in one call."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from lms.courses.catalog import load_catalog
from tests.unit.catalog_files import (
    BODY,
    FRONT,
    REAL_CONTENT,
    REAL_COURSES,
    REPO,
    RUN,
    UTC,
    course_of,
    course_toml,
    line_of,
    load,
    module_md,
    places,
    write_course,
)

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
    assert {c.slug for c in catalog.courses} == {"stem-careers", "stem-metiers", "stem-outreach-libraries",
                                                 "library-makerspaces", "stem-storytime"}
    assert catalog.on_file == {c.slug for c in catalog.courses}
    stem = next(c for c in catalog.courses if c.slug == "stem-careers")
    assert len(stem.modules) == 8 and all(m.units for m in stem.modules)
    assert stem.runs[0].starts_at == datetime(2017, 9, 25, 7, 0, tzinfo=UTC)


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
