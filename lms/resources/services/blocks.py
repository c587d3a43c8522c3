"""```resources blocks in the course Markdown (``content/<course>/NN-<module>.md``): a tutor lists
the slugs of resources, one a line, to attach them to the module as cards on its page.

    ```resources
    oecd-dream-jobs
    scientix-resource-repository
    ```
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

OPENING = re.compile(r"^```resources\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_MODULE_FILE = re.compile(r"^[0-9]{2}-(?P<slug>[a-z0-9-]+)\.md$")
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Mention:
    """One slug named in a block: where (file, line), and for which course and module."""

    path: Path
    line: int
    course_slug: str
    module_slug: str
    slug: str


def module_files(content_dir: Path, course_slugs=None) -> list[Path]:
    """The module files of every course folder (or of the given courses)."""
    if not content_dir.is_dir():
        return []
    folders = sorted(p for p in content_dir.iterdir() if p.is_dir() and (course_slugs is None or p.name in course_slugs))
    return [path for folder in folders for path in sorted(folder.glob("*.md")) if _MODULE_FILE.match(path.name)]


def mentions(path: Path) -> list[Mention]:
    return read_blocks(path)[0]


def read_blocks(path: Path) -> tuple[list[Mention], int | None]:
    """The slugs the file's ```resources blocks name, in order (lines that are empty or start
    with '#' are skipped), and the line of a block never closed (the course reader would take
    the rest of the file for it). A file that cannot be read names none: the courses' check says why."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return [], None
        lines = path.read_text(encoding="utf-8-sig").split("\n")
    except (OSError, UnicodeDecodeError):
        return [], None
    module = _MODULE_FILE.match(path.name)
    found, opened, in_fence = [], None, False
    for number, line in enumerate(lines, start=1):
        if opened is not None:
            if line.strip() == "```":
                opened = None
            elif line.strip() and not line.strip().startswith("#"):
                found.append(Mention(path, number, path.parent.name, module.group("slug") if module else "", line.strip()))
        elif not in_fence and OPENING.match(line):
            opened = number
        elif _FENCE.match(line):
            in_fence = not in_fence
    return found, opened
