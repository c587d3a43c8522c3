"""Checks on a course's files as files: not UTF-8 (reported at the line of the first bad byte,
byte-order mark or not), over the size limit (refused before it is read), or lying in the
course folder with no module listing it (a warning: the rest is imported)."""

from __future__ import annotations

import codecs

import pytest

from lms.courses.catalog import load_catalog
from tests.unit.catalog_files import BODY, course_toml, load, module_md, only_problem, write_course


def latin1_on_the_line_of(text: str, needle: str, *, bom: bytes) -> tuple[bytes, int]:
    """``text`` in UTF-8 but for one 'é' written the Latin-1 way on the line holding ``needle``."""
    line = next(n for n, found in enumerate(text.splitlines(), 1) if needle in found)
    raw = text.encode("utf-8").replace(needle.encode(), needle.replace("e", "\xe9", 1).encode("latin-1"), 1)
    return bom + raw, line


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["plain", "byte-order mark"])
def test_a_course_file_saved_as_latin1_is_reported_at_the_line_of_the_bad_byte(tmp_path, bom):
    path = write_course(tmp_path)
    raw, line = latin1_on_the_line_of(course_toml(), "A course the tests build.", bom=bom)
    path.write_bytes(raw)

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (path, line)
    assert line > 1
    assert problem.message == "the file is not valid UTF-8 (byte 0xE9 on this line): save it as UTF-8"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["plain", "byte-order mark"])
def test_a_module_file_saved_as_latin1_is_reported_at_the_line_of_the_bad_byte(tmp_path, bom):
    write_course(tmp_path)
    module = tmp_path / "content" / "demo" / "02-pathways.md"
    raw, line = latin1_on_the_line_of(module_md("Pathways"), "More text.", bom=bom)
    module.write_bytes(raw)

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module, line)
    assert problem.message.startswith("the file is not valid UTF-8 (byte 0xE9 on this line)")


def test_a_file_over_the_size_limit_is_refused_as_a_whole_at_line_one(tmp_path):
    write_course(tmp_path, files={"pathways": module_md("Pathways", body=BODY + "Long text. " * 20_000)})
    module = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load_catalog(tmp_path / "courses", tmp_path / "content", max_file_bytes=100_000))

    assert (problem.path, problem.line) == (module, 1)
    assert problem.message.startswith("the file is 0.2 MB, more than the 0.1 MB a course file may be")
    assert load(tmp_path).ok  # under the default limit (2 MB) the same file is fine


def test_a_markdown_file_no_module_lists_is_a_warning_not_a_problem(tmp_path):
    write_course(tmp_path, files={"04-old-draft.md": module_md("Old draft"), "notes.md": "# Notes to self\n"})

    catalog = load(tmp_path)

    assert catalog.ok and [c.slug for c in catalog.courses] == ["demo"]
    assert [(w.path.name, w.line) for w in catalog.warnings] == [("04-old-draft.md", 1), ("notes.md", 1)]
    assert catalog.warnings[0].message == ("no module in demo.toml lists this file, so it is not imported: "
                                           'add a [[modules]] entry with slug = "old-draft", or move the file away')


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x85"], ids=["NUL", "escape", "C1 next line"])
def test_a_control_character_pasted_into_a_module_is_reported_at_its_line(tmp_path, character):
    write_course(tmp_path)
    module = tmp_path / "content" / "demo" / "02-pathways.md"
    text = module_md("Pathways")
    line = next(n for n, found in enumerate(text.splitlines(), 1) if "More text." in found)
    module.write_text(text.replace("More text.", f"More{character} text.", 1), encoding="utf-8")

    problem = only_problem(load(tmp_path))

    assert (problem.path, problem.line) == (module, line)
    assert problem.message.startswith(f"this line holds an invisible control character (U+{ord(character):04X})")
