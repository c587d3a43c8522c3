"""Collecting a course file's problems, each at the line of the key at fault, in words a course
author reads (the language of ``flask courses`` is the site's, ``LMS_DEFAULT_LANGUAGE``)."""

from __future__ import annotations

from pathlib import Path

from babel.numbers import format_decimal
from flask import has_app_context

from lms.core.i18n import formatting_locale, gettext, lazy_gettext
from lms.courses.catalog.specs import SLUG, Problem
from lms.core.toml_lines import KeyLines

# ``CHECKED_ELSEWHERE``: the value is validated by a dedicated function (``_hours``, ``_instant``)
# with a more helpful message, so the generic type check would only repeat the same fault.
CHECKED_ELSEWHERE = object()
# How a course author knows these types: TOML's words, not Python's, each in a whole sentence.
MUST_BE = {
    str: lazy_gettext("'%(key)s' must be a string"),
    int: lazy_gettext("'%(key)s' must be a whole number"),
    list: lazy_gettext("'%(key)s' must be a list"),
    dict: lazy_gettext("'%(key)s' must be a table"),
}


def must_be(kind: type, key: str) -> str:
    return str(MUST_BE[kind]) % {"key": key}


def decimal(value: float) -> str:
    """2.5 as the author's language writes it ('2,5' in French); outside an app, as in English."""
    return format_decimal(value, format="0.0", locale=formatting_locale() if has_app_context() else "en_GB")


def listed(names) -> str:
    """Keys or codes as a list ('slug, title'): names from the files, not words to translate."""
    return ", ".join(str(name) for name in names)


class Checker:
    """Collects problems for one course file, each at the line of the key at fault."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.text = text
        self.lines = KeyLines(text)
        self.problems: list[Problem] = []

    def add(self, key_path: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line(*key_path), message))

    def table(self, data: dict, allowed: dict, where: tuple, *, optional=frozenset()) -> None:
        table = ".".join(str(p) for p in where)
        for key, value in data.items():
            if key not in allowed:
                self.add(where + (key,), gettext("unknown key '%(key)s' in %(place)s (allowed: %(allowed)s)",
                                                 key=key, place=table, allowed=listed(allowed)) if table else
                         gettext("unknown key '%(key)s' in the course (allowed: %(allowed)s)", key=key,
                                 allowed=listed(allowed)))
                continue
            kind = allowed[key]
            if kind is CHECKED_ELSEWHERE:
                continue
            if isinstance(value, bool) or not isinstance(value, kind):
                self.add(where + (key,), must_be(kind, key))
        for key in allowed:
            if key not in data and key not in optional:
                self.add(where, gettext("%(place)s lacks '%(key)s'", place=table, key=key) if table else
                         gettext("the course lacks '%(key)s'", key=key))

    def strings(self, data: dict, key: str, where: tuple = ()) -> tuple[str, ...]:
        value = data.get(key)
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        if isinstance(value, list):
            self.add(where + (key,), gettext("'%(key)s' must be a list of non-empty strings", key=key))
        return ()

    def slug(self, data: dict, where: tuple) -> str | None:
        value = data.get("slug")
        if isinstance(value, str) and not SLUG.match(value):
            self.add(where + ("slug",), gettext("slug '%(slug)s' must be lower-case letters, digits and hyphens", slug=value))
            return None
        return value if isinstance(value, str) else None
