"""Activities written inside module Markdown as fenced blocks of TOML:

    ```quiz         single/multiple-choice questions, graded on the server
    ```reflection   a free-text answer with a minimum length
    ```assignment   a peer-reviewed submission with a rubric
    ```discussion   a prompt to talk about in the module's forum; ``min_posts`` > 0 makes
                    "post N contributions" one of the module's completion rules

Each block is checked here, and every problem names the file and line."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lms.core.i18n import gettext
from lms.core.render import render_markdown
from lms.courses.catalog.specs import Problem
from lms.core.toml_lines import KeyLines, toml_error_line, toml_error_reason

KINDS = ("quiz", "reflection", "assignment", "discussion")
# Part of every module's fingerprint: bump when what a block yields changes, so the next sync
# rewrites the stored specs of unchanged files too ("2": prompts also as HTML; "3": discussion blocks).
SPEC_VERSION = "3"
MAX_MIN_POSTS = 20  # a discussion block asks for at most this many contributions
_SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


@dataclass(frozen=True)
class ActivitySpec:
    slug: str
    kind: str
    title: str
    unit_slug: str
    data: dict[str, Any] = field(hash=False, compare=False)  # normalised settings (answers included)
    line: int = field(default=0, compare=False)  # where the block names its slug, for problems found later


class _Block:
    def __init__(self, path: Path, text: str, first_line: int):
        self.path = path
        self.lines = KeyLines(text, first_line=first_line)
        self.first_line = first_line
        self.problems: list[Problem] = []

    def add(self, key_path: tuple, message: str) -> None:
        line = self.lines.line(*key_path) if key_path else self.first_line
        self.problems.append(Problem(self.path, line, message))

    def keys(self, data: dict, allowed: set[str], required: set[str], where: tuple, label: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(where + (key,), gettext("unknown key '%(key)s' in %(place)s (allowed: %(allowed)s)",
                                                 key=key, place=label, allowed=", ".join(sorted(allowed))))
        for key in sorted(required - set(data)):
            self.add(where, gettext("%(place)s lacks '%(key)s'", place=label, key=key))

    def text(self, data: dict, key: str, where: tuple, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(where + (key,), gettext("'%(key)s' must be non-empty text", key=key))
            return ""
        return value.strip()

    def number(self, data: dict, key: str, where: tuple, *, default: int, low: int, high: int | None = None) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            self.add(where + (key,), gettext("'%(key)s' must be a whole number from %(low)d to %(high)d",
                                             key=key, low=low, high=high) if high is not None else
                     gettext("'%(key)s' must be a whole number of at least %(low)d", key=key, low=low))
            return default
        return value

    def tables(self, data: dict, key: str, where: tuple, label: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            self.add(where + (key,), gettext("%(place)s needs at least one %(table)s table", place=label, table="[[" + key + "]]"))
            return []
        return value


def parse_activity(kind: str, text: str, *, path: Path, first_line: int, unit_slug: str) -> tuple[ActivitySpec | None, list[Problem]]:
    """Check one block (``first_line`` is the line of its first TOML line)."""
    block = _Block(path, text, first_line)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = toml_error_line(error, text, offset=first_line - 1)
        return None, [Problem(path, line, gettext("%(kind)s block is not valid TOML: %(reason)s",
                                                   kind=kind, reason=toml_error_reason(error)))]
    slug = data.get("slug")
    if not isinstance(slug, str) or not slug or not set(slug) <= _SLUG_CHARS:
        block.add(("slug",), gettext("%(kind)s needs a 'slug' of lower-case letters, digits and hyphens", kind=kind))
    title = block.text(data, "title", ())
    normalised = {"quiz": _quiz, "reflection": _reflection, "assignment": _assignment, "discussion": _discussion}[kind](data, block)
    if block.problems:
        return None, block.problems
    return ActivitySpec(slug=slug, kind=kind, title=title, unit_slug=unit_slug, data=normalised,
                        line=block.lines.line("slug")), []


def _quiz(data: dict, block: _Block) -> dict:
    block.keys(data, {"slug", "title", "pass_mark", "attempts", "keep", "questions"}, {"slug", "title", "questions"}, (), gettext("the quiz"))
    keep = data.get("keep", "best")
    if keep not in ("best", "last"):
        block.add(("keep",), gettext("'keep' must be \"best\" or \"last\" (which attempt counts)"))
    questions = []
    for index, question in enumerate(block.tables(data, "questions", (), gettext("the quiz"))):
        where = ("questions", index)
        label = gettext("question %(number)d", number=index + 1)
        block.keys(question, {"prompt", "kind", "options"}, {"prompt", "options"}, where, label)
        kind = question.get("kind", "single")
        if kind not in ("single", "multiple"):
            block.add(where + ("kind",), gettext("%(place)s: 'kind' must be \"single\" or \"multiple\"", place=label))
        options = []
        for number, option in enumerate(block.tables(question, "options", where, label)):
            option_where = where + ("options", number)
            block.keys(option, {"text", "correct", "feedback"}, {"text"}, option_where,
                       gettext("question %(number)d, option %(option)d", number=index + 1, option=number + 1))
            correct = option.get("correct", False)
            if not isinstance(correct, bool):
                block.add(option_where + ("correct",), gettext("'%(key)s' must be true or false", key="correct"))
            options.append({
                "text": block.text(option, "text", option_where),
                "correct": correct is True,
                "feedback": block.text(option, "feedback", option_where, required=False),
            })
        right = sum(o["correct"] for o in options)
        if options and len(options) < 2:
            block.add(where, gettext("%(place)s needs at least two options", place=label))
        elif options and kind == "single" and right != 1:
            block.add(where, gettext("%(place)s is single-choice: mark exactly one option 'correct = true' (found %(found)d)",
                                     place=label, found=right))
        elif options and kind == "multiple" and right < 1:
            block.add(where, gettext("%(place)s needs at least one option with 'correct = true'", place=label))
        questions.append({"prompt": block.text(question, "prompt", where), "kind": kind, "options": options})
    return {
        "pass_mark": block.number(data, "pass_mark", (), default=60, low=0, high=100),
        "attempts": block.number(data, "attempts", (), default=0, low=0),
        "keep": keep,
        "questions": questions,
    }


def _reflection(data: dict, block: _Block) -> dict:
    block.keys(data, {"slug", "title", "prompt", "min_words"}, {"slug", "title", "prompt"}, (), gettext("the reflection"))
    prompt = block.text(data, "prompt", ())
    return {"prompt": prompt, "prompt_html": prompt_html(prompt),
            "min_words": block.number(data, "min_words", (), default=50, low=0)}


def _discussion(data: dict, block: _Block) -> dict:
    """A prompt for the module's forum: learners answer it in threads started from it."""
    block.keys(data, {"slug", "title", "prompt", "min_posts"}, {"slug", "title", "prompt"}, (), gettext("the discussion"))
    prompt = block.text(data, "prompt", ())
    return {"prompt": prompt, "prompt_html": prompt_html(prompt),
            "min_posts": block.number(data, "min_posts", (), default=0, low=0, high=MAX_MIN_POSTS)}


def prompt_html(prompt: str) -> str:
    """A prompt is Markdown like the pages around it (numbered steps, lists, emphasis), rendered
    once here; split into paragraphs by blank lines alone, a numbered list became one paragraph."""
    return render_markdown(prompt, media=False)


def _assignment(data: dict, block: _Block) -> dict:
    block.keys(
        data,
        {"slug", "title", "prompt", "must_give", "must_receive", "claim_timeout_hours", "fallback_days", "attachment",
         "min_words", "rubric"},
        {"slug", "title", "prompt", "rubric"}, (), gettext("the assignment"),
    )
    must_give = block.number(data, "must_give", (), default=3, low=1)
    must_receive = block.number(data, "must_receive", (), default=2, low=1)
    if must_receive > must_give:
        block.add(("must_receive",), gettext("'must_receive' cannot be more than 'must_give', or reviews would run out"))
    attachment = data.get("attachment", False)
    if not isinstance(attachment, bool):
        block.add(("attachment",), gettext("'%(key)s' must be true or false", key="attachment"))
    rubric = []
    for index, criterion in enumerate(block.tables(data, "rubric", (), gettext("the assignment"))):
        where = ("rubric", index)
        label = gettext("criterion %(number)d", number=index + 1)
        block.keys(criterion, {"criterion", "description", "min_comment", "levels"}, {"criterion", "levels"}, where, label)
        levels = []
        for number, level in enumerate(block.tables(criterion, "levels", where, label)):
            level_where = where + ("levels", number)
            block.keys(level, {"points", "description"}, {"points", "description"}, level_where,
                       gettext("criterion %(number)d, level %(level)d", number=index + 1, level=number + 1))
            levels.append({"points": block.number(level, "points", level_where, default=0, low=0),
                           "description": block.text(level, "description", level_where)})
        if levels and len(levels) < 2:
            block.add(where, gettext("%(place)s needs at least two levels", place=label))
        points = [level["points"] for level in levels]
        if len(set(points)) != len(points):
            block.add(where, gettext("%(place)s: two levels have the same points", place=label))
        rubric.append({
            "criterion": block.text(criterion, "criterion", where),
            "description": block.text(criterion, "description", where, required=False),
            "min_comment": block.number(criterion, "min_comment", where, default=0, low=0),
            "levels": sorted(levels, key=lambda level: level["points"]),
        })
    prompt = block.text(data, "prompt", ())
    return {
        "prompt": prompt,
        "prompt_html": prompt_html(prompt),
        "must_give": must_give,
        "must_receive": must_receive,
        "claim_timeout_hours": block.number(data, "claim_timeout_hours", (), default=2, low=1),
        "fallback_days": block.number(data, "fallback_days", (), default=3, low=1),
        "attachment": attachment is True,
        "min_words": block.number(data, "min_words", (), default=0, low=0),
        "rubric": rubric,
    }
