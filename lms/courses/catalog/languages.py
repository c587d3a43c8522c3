"""The language a course is written in, and courses linked as translations of each other.

``language = "fr"`` must be a code Babel knows (``pt-BR`` and ``pt_BR`` both read as ``pt-BR``).
``translations = ["other-slug", ...]`` names the same course in other languages; a link in one
of the two files is enough. Every set of courses so linked gets one ``translation_group`` key, a
digest of its members and their languages, so that the key changes whenever the set does."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import replace
from pathlib import Path

from babel import Locale, UnknownLocaleError

from lms.core.i18n import gettext
from lms.courses.catalog.checker import Checker, listed
from lms.courses.catalog.specs import SLUG, CourseSpec, Problem
from lms.core.toml_lines import KeyLines

_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
MAX_CODE = 16  # Course.language


def language_code(value: object) -> str | None:
    """The code as a BCP 47 tag (``pt-BR``), or None if Babel does not know the language."""
    if not isinstance(value, str) or len(value) > MAX_CODE or not _CODE.match(value):
        return None
    try:
        locale = Locale.parse(value.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    canonical = str(locale)
    # Babel fills in what it guesses ("en_ZZ" reads as "en_US"): only a code it knows as written counts.
    if canonical.lower() != value.replace("-", "_").lower() or locale.get_display_name("en") is None:
        return None
    return canonical.replace("_", "-")


def read_language(data: dict, check: Checker) -> str | None:
    value = data.get("language")
    if not isinstance(value, str):
        return None  # missing or not a string: said by the table check
    code = language_code(value.strip())
    if code is None:
        check.add(("language",), gettext("unknown language '%(code)s': use a code such as 'en', 'fr' or 'pt-BR'",
                                         code=value))
    return code


def read_translations(data: dict, slug: str | None, check: Checker) -> tuple[str, ...]:
    """The slugs the file lists: well formed, not the course itself, each once."""
    found = []
    for other in check.strings(data, "translations"):
        if not SLUG.match(other):
            check.add(("translations",), gettext(
                "translation '%(slug)s' must be a course slug: lower-case letters, digits and hyphens", slug=other))
        elif other == slug:
            check.add(("translations",), gettext("the course lists itself among its translations"))
        elif other not in found:
            found.append(other)
    return tuple(found)


def declared_slug(path: Path) -> str | None:
    """The slug a course file gives, if it can be read at all (for a file with problems)."""
    try:
        slug = tomllib.loads(path.read_bytes().decode("utf-8-sig")).get("slug")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return slug if isinstance(slug, str) else None


def link_translations(courses: list[CourseSpec], files: set[str]) -> tuple[list[CourseSpec], list[Problem]]:
    """Each course with its translation group; a problem for a link to no course file (``files``:
    the names of all, read or not: a course with problems of its own is said once, not again
    here), and for a set of linked courses where two share a language (at the ``translations`` line)."""
    by_slug = {course.slug: course for course in courses}
    problems = []
    parent = {course.slug: course.slug for course in courses}

    def root(slug: str) -> str:
        while parent[slug] != slug:
            parent[slug] = parent[parent[slug]]
            slug = parent[slug]
        return slug

    for course in courses:
        for other in course.translations:
            if other not in files:
                problems.append(_at_link(course, other, gettext(
                    "translation '%(slug)s' is not a course here: no course file has that slug", slug=other)))
            elif other in by_slug:
                parent[root(other)] = root(course.slug)
    groups: dict[str, list[CourseSpec]] = {}
    for course in courses:
        groups.setdefault(root(course.slug), []).append(course)
    keys = {}
    for members in groups.values():
        problems.extend(_language_clashes(members))
        if len(members) > 1:
            digest = hashlib.sha256("\n".join(sorted(f"{c.slug} {c.language}" for c in members)).encode()).hexdigest()
            keys.update((c.slug, digest) for c in members)
    return [replace(course, translation_group=keys.get(course.slug)) for course in courses], problems


def _language_clashes(members: list[CourseSpec]) -> list[Problem]:
    by_language: dict[str, list[str]] = {}
    for course in members:
        by_language.setdefault(course.language, []).append(course.slug)
    problems = []
    for language, slugs in sorted(by_language.items()):
        if len(slugs) < 2:
            continue
        for course in members:
            if course.translations:
                problems.append(_at_link(course, None, gettext(
                    "courses linked as translations must each be in a different language, but %(courses)s share the language '%(code)s'",
                    courses=listed(sorted(slugs)), code=language)))
    return problems


def _at_link(course: CourseSpec, other: str | None, message: str) -> Problem:
    """At the line that names ``other`` in the course's ``translations`` (or at the key)."""
    text = Path(course.path).read_text(encoding="utf-8-sig")
    line = KeyLines(text).line("translations")
    if other is not None:
        lines = text.splitlines()
        for number in range(line, len(lines) + 1):
            if re.search(rf"""["']{re.escape(other)}["']""", lines[number - 1]):
                line = number
                break
            if "]" in lines[number - 1]:
                break
    return Problem(Path(course.path), line, message)
