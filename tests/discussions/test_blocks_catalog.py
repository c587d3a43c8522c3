"""```discussion blocks in module Markdown: what they yield, and every problem at its file and line.
A block with ``min_posts`` above 0 makes "discussion_posts" one of its module's rules."""

from __future__ import annotations

from lms.courses.catalog.specs import COMPLETION_RULES
from tests.unit.catalog_files import BODY, course_of, course_toml, line_of, load, module_md, write_course

GOOD = '''```discussion
slug = "career-story"
title = "Share one STEM career story"
prompt = """Share one story:

1. who took part;
2. what **changed**."""
min_posts = 2
```
'''


def with_block(block: str, *, more: str = "") -> str:
    return module_md("Getting started", body=BODY + "\n" + block + more)


def test_a_discussion_block_becomes_a_discussion_activity_with_its_prompt_rendered(tmp_path):
    write_course(tmp_path, files={"getting-started": with_block(GOOD)})

    module = course_of(load(tmp_path)).modules[0]

    [activity] = module.activities
    assert (activity.kind, activity.slug, activity.title) == ("discussion", "career-story", "Share one STEM career story")
    assert activity.unit_slug == "further"  # the unit the block is written in
    assert activity.data["min_posts"] == 2
    assert "<ol>" in activity.data["prompt_html"] and "<strong>changed</strong>" in activity.data["prompt_html"]


def test_min_posts_above_zero_adds_the_discussion_rule_to_the_module_defaults(tmp_path):
    silent = GOOD.replace("min_posts = 2\n", "").replace("career-story", "open-chat")
    write_course(tmp_path, files={"getting-started": with_block(GOOD), "pathways": with_block(silent)})

    course = course_of(load(tmp_path))

    assert "discussion_posts" in COMPLETION_RULES
    assert course.modules[0].complete_when == ("all_units", "discussion_posts")
    assert course.modules[1].complete_when == ("all_units",)  # a prompt alone is an invitation, not a rule
    assert course.modules[1].activities[0].data["min_posts"] == 0


def test_each_problem_of_a_malformed_block_names_its_file_and_line(tmp_path):
    bad = '''```discussion
slug = "Career Story"
title = 5
prompt = ""
min_posts = "two"
colour = "blue"
```
'''
    path_of = write_course(tmp_path, files={"getting-started": with_block(bad)}).parent.parent / "content" / "demo" / "01-getting-started.md"

    catalog = load(tmp_path)

    found = {(p.path.name, p.line, p.message) for p in catalog.problems}
    name = path_of.name
    assert (name, line_of(path_of, 'slug = "Career Story"'),
            "discussion needs a 'slug' of lower-case letters, digits and hyphens") in found
    assert (name, line_of(path_of, "title = 5"), "'title' must be non-empty text") in found
    assert (name, line_of(path_of, 'prompt = ""'), "'prompt' must be non-empty text") in found
    assert (name, line_of(path_of, 'min_posts = "two"'), "'min_posts' must be a whole number from 0 to 20") in found
    assert (name, line_of(path_of, 'colour = "blue"'),
            "unknown key 'colour' in the discussion (allowed: min_posts, prompt, slug, title)") in found
    assert catalog.courses == ()


def test_min_posts_beyond_twenty_or_below_zero_is_refused_at_its_line(tmp_path):
    files = {"getting-started": with_block(GOOD.replace("min_posts = 2", "min_posts = 21")),
             "pathways": with_block(GOOD.replace("min_posts = 2", "min_posts = -1")),
             "next-steps": with_block(GOOD.replace("min_posts = 2", "min_posts = true"))}
    root = write_course(tmp_path, files=files).parent.parent / "content" / "demo"

    catalog = load(tmp_path)

    places = {(p.path.name, p.line) for p in catalog.problems if "'min_posts' must be a whole number" in p.message}
    assert places == {(f.name, line_of(f, "min_posts")) for f in sorted(root.glob("*.md"))}


def test_a_missing_prompt_and_a_block_that_is_not_toml_are_reported_where_they_are(tmp_path):
    no_prompt = '```discussion\nslug = "chat"\ntitle = "Chat"\n```\n'
    not_toml = '```discussion\nslug = "chat"\ntitle = Chat\n```\n'
    root = write_course(tmp_path, files={"getting-started": with_block(no_prompt),
                                         "pathways": with_block(not_toml)}).parent.parent / "content" / "demo"

    problems = {(p.path.name, p.line): p.message for p in load(tmp_path).problems}

    first, second = root / "01-getting-started.md", root / "02-pathways.md"
    assert problems[(first.name, line_of(first, 'slug = "chat"'))] == "the discussion lacks 'prompt'"  # the block's first line
    assert problems[(second.name, line_of(second, "title = Chat"))].startswith("discussion block is not valid TOML")


def test_two_blocks_with_one_slug_are_reported_at_the_second_slug(tmp_path):
    second = GOOD.replace("Share one STEM career story", "Another story")
    path = write_course(tmp_path, files={"getting-started": with_block(GOOD, more="\n# Third page\n\n" + second)}
                        ).parent.parent / "content" / "demo" / "01-getting-started.md"

    catalog = load(tmp_path)

    slug_lines = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == 'slug = "career-story"']
    assert [(p.path.name, p.line, p.message) for p in catalog.problems] == [
        (path.name, slug_lines[1], "two activities share the slug 'career-story'")]


def test_an_unclosed_discussion_block_is_reported_at_its_opening_fence(tmp_path):
    path = write_course(tmp_path, files={"getting-started": with_block(GOOD.rstrip("`\n") + "\n")}
                        ).parent.parent / "content" / "demo" / "01-getting-started.md"

    [problem] = load(tmp_path).problems

    assert (problem.line, problem.message) == (line_of(path, "```discussion"),
                                               "the discussion block is not closed: end it with a line ```")


def test_complete_when_naming_the_discussion_rule_is_refused_without_a_block_asking_for_posts(tmp_path):
    silent = GOOD.replace("min_posts = 2\n", "")
    toml = course_toml(module_extra='complete_when = ["all_units", "discussion_posts"]\n')
    path = write_course(tmp_path, toml=toml, files={"getting-started": with_block(silent)})

    catalog = load(tmp_path)

    lines = {p.line for p in catalog.problems if p.path == path}
    messages = {p.message for p in catalog.problems}
    assert lines == {n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("complete_when")}
    assert ("rule 'discussion_posts' needs a discussion with 'min_posts' of 1 or more in 01-getting-started.md, "
            "which has none") in messages
    assert "rule 'discussion_posts' needs a discussion with 'min_posts' of 1 or more in 02-pathways.md, which has none" in messages


def test_complete_when_may_name_the_discussion_rule_alone_when_a_block_asks_for_posts(tmp_path):
    toml = course_toml(modules=("getting-started",), module_extra='complete_when = ["discussion_posts"]\n')
    write_course(tmp_path, toml=toml, modules=("getting-started",), files={"getting-started": with_block(GOOD)})

    assert course_of(load(tmp_path)).modules[0].complete_when == ("discussion_posts",)
