"""Activity blocks in module Markdown: checked with file and line; graded on the server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms.courses.catalog import load_catalog
from lms.activities.services import grade

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def course(tmp_path):
    shutil.copytree(FIXTURES / "courses", tmp_path / "courses")
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return tmp_path


def module_file(root: Path) -> Path:
    return root / "content" / "practice" / "01-basics.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def problems(root: Path) -> list[tuple[str, int, str]]:
    catalog = load_catalog(root / "courses", root / "content")
    return [(p.path.name, p.line, p.message) for p in catalog.problems]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_fixture_course_loads_with_its_activities(course):
    catalog = load_catalog(course / "courses", course / "content")
    assert catalog.ok
    basics = catalog.courses[0].modules[0]
    assert [(a.kind, a.slug, a.unit_slug) for a in basics.activities] == [
        ("quiz", "check", "the-only-page"), ("reflection", "think", "the-only-page")]
    assert "```" not in basics.units[0].html and "pass_mark" not in basics.units[0].html


def test_unknown_key_in_a_quiz_is_reported_at_its_line(course):
    path = module_file(course)
    edit(path, "attempts = 2", "attempts = 2\ntimer = 30")
    assert problems(course) == [("01-basics.md", line_of(path, "timer = 30"),
                                 "unknown key 'timer' in the quiz (allowed: attempts, keep, pass_mark, questions, slug, title)")]


def test_single_choice_question_with_two_right_answers_is_refused(course):
    path = module_file(course)
    edit(path, 'text = "Green"', 'text = "Green"\ncorrect = true')
    (found,) = problems(course)
    assert found[2] == "question 1 is single-choice: mark exactly one option 'correct = true' (found 2)"
    assert found[1] == line_of(path, "[[questions]]")


def test_broken_toml_in_a_block_points_at_the_line_in_the_markdown_file(course):
    path = module_file(course)
    edit(path, "pass_mark = 100", "pass_mark = = 100")
    (found,) = problems(course)
    assert found[:2] == ("01-basics.md", line_of(path, "pass_mark = = 100"))
    assert found[2].startswith("quiz block is not valid TOML")


def test_a_block_that_is_never_closed_is_reported_where_it_opens(course):
    path = module_file(course)
    text = path.read_text()
    path.write_text(text[: text.rindex("```")])
    assert problems(course) == [("01-basics.md", line_of(path, "```reflection"), "the reflection block is not closed: end it with a line ```")]


def test_assignment_that_asks_for_more_reviews_than_it_gives_is_refused(course):
    path = module_file(course)
    path.write_text(path.read_text() + '''
```assignment
slug = "plan"
title = "A plan"
prompt = "Write a plan."
must_give = 1
must_receive = 2

[[rubric]]
criterion = "Clarity"
[[rubric.levels]]
points = 0
description = "Unclear"
[[rubric.levels]]
points = 0
description = "Clear"
```
''')
    messages = [p[2] for p in problems(course)]
    assert messages == [
        "'must_receive' cannot be more than 'must_give', or reviews would run out",
        "criterion 1: two levels have the same points",
    ]


def test_completion_rule_for_an_activity_the_module_lacks_is_refused(course):
    toml = course / "courses" / "practice.toml"
    edit(toml, 'complete_when = ["all_units"]', 'complete_when = ["all_units", "quizzes_passed", "sometimes"]')
    assert problems(course) == [
        ("practice.toml", line_of(toml, "complete_when"), "rule 'quizzes_passed' needs a quiz in 02-reading-only.md, which has none"),
        ("practice.toml", line_of(toml, "complete_when"),
         "unknown completion rule 'sometimes' (rules: all_units, quizzes_passed, reflections_submitted, peer_review_done, discussion_posts)"),
    ]


def test_course_rule_must_name_a_possible_number_of_modules(course):
    toml = course / "courses" / "practice.toml"
    edit(toml, 'modules = "all"', "modules = 5")
    assert problems(course) == [("practice.toml", line_of(toml, "modules = 5"), "'modules' must be \"all\" or a number from 1 to 2")]


SPEC = {"questions": [
    {"kind": "single", "options": [{"correct": True, "feedback": "a"}, {"correct": False, "feedback": "b"}]},
    {"kind": "multiple", "options": [{"correct": True, "feedback": "c"}, {"correct": True, "feedback": "d"},
                                      {"correct": False, "feedback": "e"}]},
]}


@pytest.mark.parametrize("answers, score", [
    ([[0], [0, 1]], 100),
    ([[1], [0, 1]], 50),
    ([[0], [0]], 50),         # a multiple-choice question needs every right option...
    ([[0], [0, 1, 2]], 50),   # ...and no wrong one
    ([[1], [2]], 0),
])
def test_grading_counts_a_question_only_when_exactly_the_right_options_are_chosen(answers, score):
    assert grade(SPEC, answers)[0] == score


def test_grading_returns_the_feedback_of_each_chosen_option():
    _, results = grade(SPEC, [[1], [0, 2]])
    assert [r.feedback for r in results] == [["b"], ["c", "e"]]
