"""Course and module files written for the loader tests, and ways to read what it reports."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

from lms.courses.catalog import Catalog, Problem, load_catalog

REAL_COURSES = Path(__file__).resolve().parents[2] / "courses"
REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"

REPO = Path(__file__).resolve().parents[2]
UTC = timezone.utc

MODULES = ("getting-started", "pathways", "next-steps")

RUN = """\
slug = "spring-2024"
title = "Spring 2024"
timezone = "Europe/Brussels"
starts = 2024-03-04T09:00:00
ends = 2024-06-28T17:00:00
"""

RELEASE = """\
mode = "scheduled"
initial = 1
batch = 1
every_days = 7
"""

FRONT = """\
title = "{title}"
summary = "What this module is about."
estimated_minutes = 40
objectives = ["Say what you learnt", "Try it in class"]
"""

BODY = """\
# First steps

Some text.

# Going further {#further}

More text.
"""


def course_toml(
    slug: str = "demo",
    *,
    modules: tuple[str, ...] = MODULES,
    extra: str = "",
    module_extra: str = "",
    run: str = RUN,
    release: str | None = RELEASE,
) -> str:
    """A valid course file; each keyword swaps in a piece to break (``release=None``: no release table)."""
    module_tables = "".join(f'\n[[modules]]\nslug = "{m}"\n{module_extra}' for m in modules)
    return (
        f'slug = "{slug}"\n'
        'title = "Demo course"\n'
        'summary = "A course the tests build."\n'
        'audience = ["Teachers", "Career counsellors"]\n'
        'language = "en"\n'
        "hours_per_week = [1, 2]\n"
        'outcomes = ["Pass the tests"]\n'
        f"{extra}"
        f"{module_tables}"
        f"\n[[runs]]\n{run}"
        + ("" if release is None else f"\n[runs.release]\n{release}")
    )


def module_md(title: str = "A module", *, front: str | None = None, body: str = BODY) -> str:
    """A valid module file: front matter from line 2, then two units."""
    front = FRONT.format(title=title) if front is None else front
    return f"+++\n{front}+++\n\n{body}"


def write_course(
    root: Path,
    slug: str = "demo",
    *,
    toml: str | None = None,
    files: dict[str, str | None] | None = None,
    file_name: str | None = None,
    modules: tuple[str, ...] = MODULES,
) -> Path:
    """Write courses/<file_name or slug>.toml and content/<slug>/NN-<module>.md for ``modules``.

    ``files`` maps a module slug to the text of its file (``None``: no file), or
    a file name such as ``"01-x.md"`` to its text, replacing the defaults."""
    (root / "courses").mkdir(parents=True, exist_ok=True)
    folder = root / "content" / slug
    folder.mkdir(parents=True, exist_ok=True)
    texts: dict[str, str | None] = {
        f"{number:02d}-{module}.md": module_md(module.replace("-", " ").capitalize())
        for number, module in enumerate(modules, start=1)
    }
    for key, text in (files or {}).items():
        name = key if key.endswith(".md") else next(n for n in texts if n[3:-3] == key)
        texts[name] = text
    for name, text in texts.items():
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    path = root / "courses" / f"{file_name or slug}.toml"
    path.write_text(course_toml(slug, modules=modules) if toml is None else toml, encoding="utf-8")
    return path


def load(root: Path) -> Catalog:
    return load_catalog(root / "courses", root / "content")


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the one line in ``path`` that contains ``text``."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(found) == 1, f"{text!r} is on lines {found} of {path.name}"
    return found[0]


def places(catalog: Catalog) -> set[tuple[str, int]]:
    return {(p.path.name, p.line) for p in catalog.problems}


def only_problem(catalog: Catalog) -> Problem:
    assert len(catalog.problems) == 1, "\n".join(map(str, catalog.problems))
    assert catalog.courses == ()  # nothing is imported from a course with a problem
    return catalog.problems[0]


def course_of(catalog: Catalog, slug: str = "demo"):
    assert catalog.problems == (), "\n".join(map(str, catalog.problems))
    return next(c for c in catalog.courses if c.slug == slug)
