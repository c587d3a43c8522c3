"""Content files beside the courses (programmes, award schemes, standards frameworks, resources):
each feature that reads files from ``courses/`` registers a ``ContentKind`` in its ``init_app``,
and ``flask courses validate|sync`` checks and imports them after the courses, the same way.

The core knows only this contract, so the courses feature can run every kind's checks without
importing the features above it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class FileProblem:
    """Something wrong in a content file, named by file and line like the courses' problems."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class KindCheck:
    """What checking one kind of file found: problems (which stop an import), warnings, and one
    line per file that is fine, for the command's report."""

    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ContentKind:
    """``check(courses_dir, course_slugs)`` reads and judges the files, changing nothing;
    ``sync(courses_dir, course_slugs, now)`` imports them idempotently (run only when no kind has
    a problem) and returns one line per change. ``course_slugs`` are the courses on file."""

    name: str
    check: Callable[[Path, Collection[str]], KindCheck]
    sync: Callable[[Path, Collection[str], datetime], list[str]]


_KINDS: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[ContentKind]:
    """Registered kinds, in the order their features were set up (lowest first)."""
    return list(_KINDS.values())
