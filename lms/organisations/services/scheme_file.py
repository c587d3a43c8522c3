"""Read one award scheme file ``courses/award-schemes/<slug>.toml``: every problem with its line.

A scheme names who may apply (``kinds``), the rubric an assessor judges, the evidence items a
coordinator submits, and its levels (lowest first), each with the evidence it needs, its badge
image (under ``content/award-schemes/<slug>/``) and its criteria: "at least N staff who share
their completions completed any of these courses or programmes"."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Collection
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from lms.core.content_files import FileProblem
from lms.core.i18n import gettext
from lms.core.toml_lines import KeyLines, toml_error_line, toml_error_reason

KINDS = ("school", "early-learning", "community-learning", "library")
MAX_FILE_BYTES = 1024 * 1024
IMAGE_SUFFIXES = {".png", ".svg"}
TOP_KEYS = {"slug", "title", "summary", "language", "kinds", "rubric", "evidence", "levels"}


@dataclass(frozen=True)
class Item:
    """A rubric criterion (``text`` its description) or an evidence item (``text`` its guidance)."""

    slug: str
    title: str
    text: str


@dataclass(frozen=True)
class Criterion:
    staff: int
    completed: tuple[str, ...]  # "course:<slug>" or "programme:<slug>"


@dataclass(frozen=True)
class Level:
    slug: str
    name: str
    description: str
    image: str
    evidence: tuple[str, ...]
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Scheme:
    slug: str
    title: str
    summary: str
    language: str
    kinds: tuple[str, ...]
    rubric: tuple[Item, ...]
    evidence: tuple[Item, ...]
    levels: tuple[Level, ...]

    def level(self, slug: str) -> Level | None:
        return next((level for level in self.levels if level.slug == slug), None)

    def levels_up_to(self, slug: str) -> tuple[Level, ...]:
        """The levels at or below ``slug`` (lowest first)."""
        slugs = [level.slug for level in self.levels]
        return self.levels[:slugs.index(slug) + 1] if slug in slugs else ()

    def as_spec(self) -> dict:
        return asdict(self)

    @classmethod
    def from_spec(cls, spec: dict) -> Scheme:
        return cls(
            slug=spec["slug"], title=spec["title"], summary=spec["summary"], language=spec["language"],
            kinds=tuple(spec["kinds"]), rubric=tuple(Item(**item) for item in spec["rubric"]),
            evidence=tuple(Item(**item) for item in spec["evidence"]),
            levels=tuple(Level(slug=level["slug"], name=level["name"], description=level["description"],
                               image=level["image"], evidence=tuple(level["evidence"]),
                               criteria=tuple(Criterion(c["staff"], tuple(c["completed"])) for c in level["criteria"]))
                         for level in spec["levels"]))


@dataclass(frozen=True)
class References:
    """What a scheme's criteria may name: the courses and the programmes on file."""

    courses: Collection[str]
    programmes: Collection[str]
    content_dir: Path


class _Check:
    def __init__(self, path: Path, text: str):
        self.path, self.lines, self.problems = path, KeyLines(text), []

    def add(self, where: tuple, message: str) -> None:
        self.problems.append(FileProblem(self.path, self.lines.line(*where), message))

    def text(self, table: dict, key: str, where: tuple, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add((*where, key), gettext("'%(key)s' must be a text that is not empty", key=key))
            return ""
        return value.strip()

    def tables(self, data: dict, key: str) -> list[dict]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(entry, dict) for entry in value):
            self.add((key,), gettext("'%(key)s' must be one or more [[%(key)s]] tables", key=key))
            return []
        return value


def read_scheme(path: Path, refs: References) -> tuple[Scheme | None, str, list[FileProblem]]:
    """The scheme in ``path`` with the hash of its file, or None and every problem found."""
    try:
        raw = path.read_bytes()[:MAX_FILE_BYTES + 1]
        if len(raw) > MAX_FILE_BYTES:
            return None, "", [FileProblem(path, 1, gettext("the file is larger than 1 MB"))]
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, "", [FileProblem(path, line, gettext("not UTF-8 text"))]
    except tomllib.TOMLDecodeError as error:
        return None, "", [FileProblem(path, toml_error_line(error, text),
                                      gettext("not valid TOML: %(reason)s", reason=toml_error_reason(error)))]
    except OSError as error:
        return None, "", [FileProblem(path, 1, gettext("cannot be read: %(reason)s", reason=error.strerror or str(error)))]
    check = _Check(path, text)
    scheme = _scheme(data, path, refs, check)
    if check.problems:
        return None, "", check.problems
    return scheme, hashlib.sha256(raw).hexdigest(), []


def _scheme(data: dict, path: Path, refs: References, check: _Check) -> Scheme:
    for key in data:
        if key not in TOP_KEYS:
            check.add((key,), gettext("unknown key '%(key)s'", key=key))
    slug = check.text(data, "slug", ())
    if slug and slug != path.stem:
        check.add(("slug",), gettext("slug '%(slug)s' differs from the file name: rename the file %(file)s",
                                     slug=slug, file=slug + ".toml"))
    kinds = data.get("kinds")
    if not isinstance(kinds, list) or not kinds or not all(isinstance(kind, str) for kind in kinds):
        check.add(("kinds",), gettext("'kinds' must list who may apply: %(kinds)s", kinds=", ".join(KINDS)))
        kinds = []
    for kind in kinds:
        if kind not in KINDS:
            check.add(("kinds",), gettext("unknown kind '%(kind)s': use %(kinds)s", kind=kind, kinds=", ".join(KINDS)))
    rubric = _items(data, "rubric", "description", check)
    evidence = _items(data, "evidence", "guidance", check)
    levels = _levels(data, slug, {item.slug for item in evidence}, refs, check)
    return Scheme(slug=slug, title=check.text(data, "title", ()), summary=check.text(data, "summary", (), required=False),
                  language=check.text(data, "language", ()), kinds=tuple(dict.fromkeys(kinds)), rubric=rubric,
                  evidence=evidence, levels=levels)


def _items(data: dict, key: str, text_key: str, check: _Check) -> tuple[Item, ...]:
    items, seen = [], set()
    for index, entry in enumerate(check.tables(data, key)):
        where = (key, index)
        slug = check.text(entry, "slug", where)
        if slug in seen:
            check.add((*where, "slug"), gettext("two %(table)s entries have the slug '%(slug)s'", table=key, slug=slug))
        seen.add(slug)
        items.append(Item(slug, check.text(entry, "title", where), check.text(entry, text_key, where, required=False)))
    return tuple(items)


def _levels(data: dict, scheme_slug: str, evidence: set[str], refs: References, check: _Check) -> tuple[Level, ...]:
    levels, seen = [], set()
    for index, entry in enumerate(check.tables(data, "levels")):
        where = ("levels", index)
        slug = check.text(entry, "slug", where)
        if slug in seen:
            check.add((*where, "slug"), gettext("two levels have the slug '%(slug)s'", slug=slug))
        seen.add(slug)
        needed = entry.get("evidence", [])
        if not isinstance(needed, list) or not all(isinstance(item, str) for item in needed):
            check.add((*where, "evidence"), gettext("'evidence' must list evidence slugs"))
            needed = []
        for item in needed:
            if item not in evidence:
                check.add((*where, "evidence"), gettext("unknown evidence '%(slug)s': it is not among the [[evidence]] items",
                                                       slug=item))
        image = check.text(entry, "image", where)
        if image and scheme_slug:
            _check_image(image, refs.content_dir / "award-schemes" / scheme_slug, (*where, "image"), check)
        criteria = tuple(_criterion(c, (*where, "criteria", number), refs, check)
                         for number, c in enumerate(_criteria_tables(entry, where, check)))
        levels.append(Level(slug=slug, name=check.text(entry, "name", where),
                            description=check.text(entry, "description", where, required=False), image=image,
                            evidence=tuple(dict.fromkeys(needed)), criteria=criteria))
    return tuple(levels)


def _criteria_tables(entry: dict, where: tuple, check: _Check) -> list[dict]:
    criteria = entry.get("criteria", [])
    if not isinstance(criteria, list) or not all(isinstance(c, dict) for c in criteria):
        check.add((*where, "criteria"), gettext("'criteria' must be [[levels.criteria]] tables"))
        return []
    return criteria


def _check_image(image: str, folder: Path, where: tuple, check: _Check) -> None:
    relative = PurePosixPath(image)
    if relative.is_absolute() or ".." in relative.parts or relative.suffix.lower() not in IMAGE_SUFFIXES:
        check.add(where, gettext("'image' must be a PNG or SVG file inside %(folder)s", folder=folder))
    elif not (folder / relative).is_file():
        check.add(where, gettext("image %(file)s not found", file=folder / relative))


def _criterion(entry: dict, where: tuple, refs: References, check: _Check) -> Criterion:
    staff = entry.get("staff")
    if not isinstance(staff, int) or isinstance(staff, bool) or staff < 1:
        check.add((*where, "staff"), gettext("'staff' must be a whole number of at least 1"))
        staff = 1
    completed = entry.get("completed")
    if not isinstance(completed, list) or not completed or not all(isinstance(ref, str) for ref in completed):
        check.add((*where, "completed"), gettext("'completed' must list courses and programmes, "
                                                 "as \"course:<slug>\" or \"programme:<slug>\""))
        completed = []
    for ref in completed:
        kind, _, slug = ref.partition(":")
        if kind == "course" and slug not in refs.courses:
            check.add((*where, "completed"), gettext("unknown course '%(slug)s'", slug=slug))
        elif kind == "programme" and slug not in refs.programmes:
            check.add((*where, "completed"), gettext("unknown programme '%(slug)s'", slug=slug))
        elif kind not in ("course", "programme") or not slug:
            check.add((*where, "completed"), gettext("'%(ref)s' must be \"course:<slug>\" or \"programme:<slug>\"", ref=ref))
    return Criterion(staff, tuple(dict.fromkeys(completed)))
