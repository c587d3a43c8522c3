"""A course's cover picture: declared in its course file, checked like badge artwork."""

from __future__ import annotations

import pytest

from lms.courses.catalog import load_catalog
from tests.unit.catalog_files import (
    REAL_CONTENT,
    REAL_COURSES,
    course_of,
    course_toml,
    line_of,
    load,
    only_problem,
    write_course,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def test_a_cover_with_its_description_is_read_from_the_course_file(tmp_path):
    write_course(tmp_path, toml=course_toml(extra='cover = "images/cover.png"\ncover_alt = "A school and a star."\n'))
    (tmp_path / "content/demo/images").mkdir()
    (tmp_path / "content/demo/images/cover.png").write_bytes(PNG)

    course = course_of(load(tmp_path))

    assert (course.cover, course.cover_alt) == ("images/cover.png", "A school and a star.")


def test_a_course_without_a_cover_is_still_valid(tmp_path):
    write_course(tmp_path)
    assert course_of(load(tmp_path)).cover is None


def test_a_redrawn_cover_counts_as_a_change_of_the_course(tmp_path):
    write_course(tmp_path, toml=course_toml(extra='cover = "cover.png"\ncover_alt = "A star."\n'))
    (tmp_path / "content/demo/cover.png").write_bytes(PNG)
    before = course_of(load(tmp_path)).source_hash
    (tmp_path / "content/demo/cover.png").write_bytes(PNG + b"redrawn")
    assert course_of(load(tmp_path)).source_hash != before


@pytest.mark.parametrize(
    ("extra", "files", "at", "words"),
    [
        ('cover = "images/missing.png"\ncover_alt = "A star."\n', {}, "cover =", "not found"),
        ('cover = "../../courses/demo.toml"\ncover_alt = "A star."\n', {}, "cover =", "not found"),
        ('cover = "notes.txt"\ncover_alt = "A star."\n', {"notes.txt": b"hello"}, "cover =", "PNG, JPEG, SVG or WebP"),
        ('cover = "cover.png"\n', {"cover.png": PNG}, "cover =", "cover_alt"),
        ('cover = "cover.png"\ncover_alt = "  "\n', {"cover.png": PNG}, "cover_alt =", "people who cannot see it"),
        ('cover_alt = "A star."\n', {}, "cover_alt =", "there is no 'cover'"),
        ("cover = 3\n", {}, "cover =", "path of a picture"),
        (f'cover = "cover.png"\ncover_alt = "{"A star. " * 40}"\n', {"cover.png": PNG}, "cover_alt =", "within 300"),
        (f'cover = "{"a" * 301}.png"\ncover_alt = "A star."\n', {}, "cover =", "within 300"),
        ('cover = "cover.png"\ncover_alt = "A star."\n', {"cover.png": PNG + b"\0" * 3_000_000}, "cover =",
         "larger than the 2048 KB"),
    ],
)
def test_a_faulty_cover_is_reported_at_its_line(tmp_path, extra, files, at, words):
    path = write_course(tmp_path, toml=course_toml(extra=extra))
    for name, data in files.items():
        (tmp_path / "content/demo" / name).write_bytes(data)

    problem = only_problem(load(tmp_path))

    assert problem.line == line_of(path, at)
    assert words in problem.message


def test_every_sample_course_has_a_described_cover_that_exists():
    catalog = load_catalog(REAL_COURSES, REAL_CONTENT)
    assert catalog.ok, catalog.problems
    for course in catalog.courses:
        assert course.cover and len(course.cover_alt) > 20
        assert (REAL_CONTENT / course.slug / course.cover).read_bytes().startswith(b"\x89PNG")
