"""Problems in a module file (front matter and units), each reported at its file and line."""

from __future__ import annotations

import pytest

from tests.unit.catalog_files import (
    BODY,
    FRONT,
    line_of,
    load,
    module_md,
    only_problem,
    write_course,
)

# --- module files -------------------------------------------------------------------


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


UNCLOSED_QUIZ_THEN_REFLECTION = """\
# Check yourself

```quiz
slug = "check"
title = "Check"
[[questions]]
prompt = "Two and two?"
kind = "single"
[[questions.options]]
text = "Four"
correct = true
[[questions.options]]
text = "Five"

Some text the author meant to come after the quiz.

```reflection
slug = "think"
title = "Think"
prompt = "What did you notice?"
```
"""


def test_an_unclosed_quiz_is_reported_where_it_opens_not_at_the_next_blocks_line(tmp_path):
    write_course(tmp_path, files={"pathways": module_md(body=UNCLOSED_QUIZ_THEN_REFLECTION)})
    module_path = tmp_path / "content" / "demo" / "02-pathways.md"

    problem = only_problem(load(tmp_path))  # the reflection after it is read as the block it is

    assert (problem.path, problem.line) == (module_path, line_of(module_path, "```quiz"))
    assert problem.message == "the quiz block is not closed: end it with a line ```"
