"""Read one module file: TOML front matter between ``+++`` lines, then units,
each starting at a level-1 heading (``# Title`` or ``# Title {#slug}``)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path

from lms.core.i18n import gettext
from lms.core.render import RENDERER_VERSION, render_markdown
from lms.courses.catalog.activities import KINDS as ACTIVITY_KINDS
from lms.courses.catalog.activities import SPEC_VERSION, ActivitySpec, parse_activity
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES, read_text
from lms.courses.catalog.checker import listed, must_be
from lms.courses.catalog.specs import SLUG, ModuleSpec, Problem, UnitSpec
from lms.core.toml_lines import KeyLines, toml_error_line, toml_error_reason

FRONT_MATTER_KEYS = {
    "title": str,
    "summary": str,
    "estimated_minutes": int,
    "objectives": list,
}
_UNIT_HEADING = re.compile(r"^#\s+(?P<title>.+?)(?:\s+\{#(?P<slug>[^}]*)\})?\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A fence with an info string (```quiz, ```python): never TOML, so inside a block it opens another.
_FENCE_WITH_INFO = re.compile(r"^\s*(```|~~~)\s*\S")
_RESOURCES_FENCE = re.compile(r"^```resources\s*$")  # checked and read by lms.resources (its ContentKind)
_ACTIVITY_FENCE = re.compile(r"^```(?P<kind>" + "|".join(ACTIVITY_KINDS) + r")\s*$")
__all__ = ["SLUG", "read_module", "slugify"]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "unit"


def read_module(path: Path, slug: str, *, asset_base: str, max_bytes: int = DEFAULT_MAX_FILE_BYTES
                ) -> tuple[ModuleSpec | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    read = read_text(path, max_bytes=max_bytes)
    if isinstance(read, Problem):
        return None, [read]
    raw, text = read

    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        problem(1, gettext("front matter missing: the file must start with a line '+++'"))
        return None, problems
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        problem(1, gettext("front matter is not closed: add a line '+++' after it"))
        return None, problems

    front_text = "\n".join(lines[1:end])
    try:
        front = tomllib.loads(front_text)
    except tomllib.TOMLDecodeError as error:
        line = toml_error_line(error, front_text, offset=1)
        problem(line, gettext("front matter is not valid TOML: %(reason)s", reason=toml_error_reason(error)))
        return None, problems
    _check_front_matter(front, KeyLines(front_text, first_line=2), problem)

    units = _split_units(lines, start=end + 1, problem=problem, asset_base=asset_base, path=path)
    if not units and not problems:
        problem(end + 2, gettext("no units: start each unit (page) with a level-1 heading '# Title'"))
    if problems:
        return None, problems
    return ModuleSpec(
        slug=slug,
        path=path,
        title=front["title"].strip(),
        summary=front["summary"].strip(),
        estimated_minutes=front["estimated_minutes"],
        objectives=tuple(o.strip() for o in front["objectives"]),
        units=tuple(units),
        content_hash=hashlib.sha256(f"{RENDERER_VERSION}/{SPEC_VERSION}".encode() + raw).hexdigest(),
    ), problems


def _check_front_matter(front: dict, key_lines: KeyLines, problem) -> None:
    """Known keys of the right types, objectives as text, a sensible duration."""
    for key in front:
        if key not in FRONT_MATTER_KEYS:
            problem(key_lines.line(key), gettext("unknown front-matter key '%(key)s' (allowed: %(allowed)s)",
                                                 key=key, allowed=listed(FRONT_MATTER_KEYS)))
    for key, kind in FRONT_MATTER_KEYS.items():
        if key not in front:
            problem(1, gettext("front matter lacks '%(key)s'", key=key))
        elif not isinstance(front[key], kind) or isinstance(front[key], bool):
            problem(key_lines.line(key), must_be(kind, key))
    objectives = front.get("objectives")
    if isinstance(objectives, list) and not all(isinstance(o, str) and o.strip() for o in objectives):
        problem(key_lines.line("objectives"), gettext("'%(key)s' must be a list of non-empty strings", key="objectives"))
    minutes = front.get("estimated_minutes")
    if isinstance(minutes, int) and not 1 <= minutes <= 6000:
        problem(key_lines.line("estimated_minutes"), gettext("'estimated_minutes' must be between 1 and 6000"))


def _split_units(lines: list[str], *, start: int, problem, asset_base: str, path: Path) -> list[UnitSpec]:
    sections = _sections(lines, start=start, problem=problem, path=path)
    return _units(sections, problem=problem, asset_base=asset_base) if sections is not None else []


_Section = tuple[int, str, str, list[str], list[ActivitySpec]]  # line, title, slug, Markdown lines, activities


def _sections(lines: list[str], *, start: int, problem, path: Path) -> list[_Section] | None:
    """The units (from their '# Title' headings) with their text and activity blocks."""
    sections: list[_Section] = []
    in_fence = False
    activity: tuple[str, int, list[str]] | None = None  # kind, first line, TOML lines
    in_resources = False  # a ```resources block: its slugs are the resources feature's (cards), not the page's text
    for index in range(start, len(lines)):
        line = lines[index]
        if in_resources or (not in_fence and activity is None and sections and _RESOURCES_FENCE.match(line)):
            in_resources = not (in_resources and line.strip() == "```")
            continue
        if activity is not None and _FENCE_WITH_INFO.match(line):
            # Another block opens: this one was never closed. Say so where it opens (its TOML
            # would otherwise fail at the next block's line) and read on from the new block.
            problem(activity[1] - 1, _not_closed(activity[0]))
            activity = None
        if activity is not None:
            if line.strip() == "```":
                _add_activity(activity, sections, path, problem)
                activity = None
            else:
                activity[2].append(line)
            continue
        opening = None if in_fence else _ACTIVITY_FENCE.match(line)
        if opening and sections:
            activity = (opening.group("kind"), index + 2, [])
            continue
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _UNIT_HEADING.match(line)
        if heading:
            title = heading.group("title").strip()
            slug = heading.group("slug")
            if slug is not None and not SLUG.match(slug):
                problem(index + 1, gettext("unit slug '%(slug)s' must be lower-case letters, digits and hyphens", slug=slug))
            sections.append((index + 1, title, slug or slugify(title), [], []))
        elif sections:
            sections[-1][3].append(line)
        elif line.strip():
            problem(index + 1, gettext("text before the first unit: start each unit with a level-1 heading '# Title'"))
            return None
    if activity is not None:
        problem(activity[1] - 1, _not_closed(activity[0]))
    return sections


def _not_closed(kind: str) -> str:
    return gettext("the %(kind)s block is not closed: end it with a line ```", kind=kind)


def _units(sections: list[_Section], *, problem, asset_base: str) -> list[UnitSpec]:
    seen: dict[str, int] = {}
    seen_activities: set[str] = set()
    units = []
    for line_number, title, slug, body, activities in sections:
        if slug in seen:
            problem(line_number, gettext("duplicate unit '%(slug)s' (first at line %(line)d); give it another title or '{#slug}'",
                                         slug=slug, line=seen[slug]))
            continue
        seen[slug] = line_number
        for spec in activities:
            if spec.slug in seen_activities:
                problem(spec.line or line_number, gettext("two activities share the slug '%(slug)s'", slug=spec.slug))
            seen_activities.add(spec.slug)
        markdown = "\n".join(body).strip("\n")
        activity_hash = "".join(f"{a.kind}:{a.slug}:{a.title}" + _shown_on_page(a) for a in activities)
        units.append(UnitSpec(
            slug=slug,
            title=title,
            html=render_markdown(markdown, asset_base=asset_base),
            content_hash=hashlib.sha256(f"{RENDERER_VERSION}\n{title}\n{markdown}\n{activity_hash}".encode()).hexdigest(),
            activities=tuple(activities),
        ))
    return units


def _shown_on_page(spec: ActivitySpec) -> str:
    """What of a block its unit's page shows besides kind, slug and title: a discussion's prompt."""
    return ":" + spec.data["prompt"] if spec.kind == "discussion" else ""


def _add_activity(activity, sections, path: Path, problem) -> None:
    kind, first_line, body = activity
    spec, problems = parse_activity(kind, "\n".join(body), path=path, first_line=first_line, unit_slug=sections[-1][2])
    for found in problems:
        problem(found.line, found.message)
    if spec:
        sections[-1][4].append(spec)

