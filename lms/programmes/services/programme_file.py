"""Read one programme file ``courses/programmes/<slug>.toml``: every problem with its line.

A programme names its required courses, its electives ("choose N of these courses"), the
workshops to attend, a supervised placement, its badge (artwork under
``content/programmes/<slug>/``) and its certificate's title."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from lms.core.content_files import FileProblem
from lms.core.i18n import gettext
from lms.core.toml_lines import KeyLines, toml_error_line, toml_error_reason

MAX_FILE_BYTES = 1024 * 1024
IMAGE_SUFFIXES = {".png", ".svg"}
DEFAULT_LINK_DAYS = 14
KEYS = {
    (): {"slug", "title", "summary", "language", "duration_months", "hours_per_week", "hours", "required",
         "electives", "workshops", "placement", "badge", "certificate"},
    ("electives",): {"choose", "courses"},
    ("workshops",): {"attend", "about"},
    ("placement",): {"hours", "about", "link_valid_days"},
    ("badge",): {"name", "description", "image", "tags"},
    ("certificate",): {"title"},
}


@dataclass(frozen=True)
class Electives:
    choose: int
    courses: tuple[str, ...]


@dataclass(frozen=True)
class Workshops:
    attend: int
    about: str


@dataclass(frozen=True)
class Placement:
    hours: float
    about: str
    link_valid_days: int = DEFAULT_LINK_DAYS


@dataclass(frozen=True)
class Badge:
    name: str
    description: str
    image: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgrammeSpec:
    slug: str
    title: str
    summary: str
    language: str
    duration_months: tuple[int, int]
    hours_per_week: tuple[int, int]
    hours: float | None
    required: tuple[str, ...]
    electives: Electives | None
    workshops: Workshops | None
    placement: Placement | None
    badge: Badge
    certificate_title: str
    courses: tuple[str, ...] = field(default=())  # required, then electives

    def as_spec(self) -> dict:
        """As JSON stores it (lists, not tuples), so that an unchanged file compares equal."""
        return json.loads(json.dumps(asdict(self)))

    @classmethod
    def from_spec(cls, spec: dict) -> ProgrammeSpec:
        electives, workshops, placement = spec.get("electives"), spec.get("workshops"), spec.get("placement")
        return cls(
            slug=spec["slug"], title=spec["title"], summary=spec["summary"], language=spec["language"],
            duration_months=tuple(spec["duration_months"]), hours_per_week=tuple(spec["hours_per_week"]),
            hours=spec.get("hours"), required=tuple(spec["required"]),
            electives=Electives(electives["choose"], tuple(electives["courses"])) if electives else None,
            workshops=Workshops(**workshops) if workshops else None,
            placement=Placement(**placement) if placement else None,
            badge=Badge(**{**spec["badge"], "tags": tuple(spec["badge"].get("tags", ()))}),
            certificate_title=spec["certificate_title"], courses=tuple(spec.get("courses", ())))


class _Check:
    def __init__(self, path: Path, text: str):
        self.path, self.lines, self.problems = path, KeyLines(text), []

    def add(self, where: tuple, message: str) -> None:
        self.problems.append(FileProblem(self.path, self.lines.line(*where), message))

    def text(self, table: dict, key: str, where: tuple = (), *, required: bool = True, default: str = "") -> str:
        value = table.get(key)
        if value is None and not required:
            return default
        if not isinstance(value, str) or not value.strip():
            self.add((*where, key), gettext("'%(key)s' must be a text that is not empty", key=key))
            return default
        return value.strip()

    def whole(self, table: dict, key: str, where: tuple, *, low: int, high: int, default: int | None = None) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.add((*where, key), gettext("'%(key)s' must be a whole number from %(low)d to %(high)d",
                                            key=key, low=low, high=high))
            return low
        return value

    def number(self, table: dict, key: str, where: tuple, *, low: float, required: bool = True) -> float | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
                or not low <= value <= 100_000:
            self.add((*where, key), gettext("'%(key)s' must be a number of hours from %(low)s to 100000",
                                            key=key, low=format(low, "g")))
            return low
        return float(value)

    def range_pair(self, data: dict, key: str) -> tuple[int, int]:
        value = data.get(key)
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                                   for v in value) and 1 <= value[0] <= value[1] <= 1000):
            self.add((key,), gettext("'%(key)s' must be [least, most]: two whole numbers, the first at least 1 "
                                     "and not above the second", key=key))
            return (1, 1)
        return (value[0], value[1])

    def slugs(self, table: dict, key: str, where: tuple, course_slugs: Collection[str], *, required: bool) -> tuple[str, ...]:
        value = table.get(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(slug, str) for slug in value):
            self.add((*where, key), gettext("'%(key)s' must list course slugs", key=key))
            return ()
        seen: list[str] = []
        for slug in value:
            if slug in seen:
                self.add((*where, key), gettext("course '%(slug)s' is listed twice", slug=slug))
                continue
            if slug not in course_slugs:
                self.add((*where, key), gettext("unknown course '%(slug)s'", slug=slug))
            seen.append(slug)
        return tuple(seen)

    def table(self, data: dict, key: str, *, required: bool = False) -> dict | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add((), gettext("a [%(key)s] table is missing", key=key))
            return None
        if not isinstance(value, dict):
            self.add((key,), gettext("'%(key)s' must be a [%(key)s] table", key=key))
            return None
        return value


def _read(path: Path) -> tuple[dict | None, str, list[FileProblem]]:
    """The TOML data of the file and its text, or None and the one problem that stops reading it."""
    try:
        raw = path.read_bytes()[:MAX_FILE_BYTES + 1]
        if len(raw) > MAX_FILE_BYTES:
            return None, "", [FileProblem(path, 1, gettext("the file is larger than 1 MB"))]
        text = raw.decode("utf-8")
        return tomllib.loads(text), text, []
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, "", [FileProblem(path, line, gettext("not UTF-8 text"))]
    except tomllib.TOMLDecodeError as error:
        return None, "", [FileProblem(path, toml_error_line(error, text),
                                      gettext("not valid TOML: %(reason)s", reason=toml_error_reason(error)))]
    except OSError as error:
        return None, "", [FileProblem(path, 1, gettext("cannot be read: %(reason)s", reason=error.strerror or str(error)))]


def slug_of(path: Path) -> str | None:
    """The programme's slug if its file reads as TOML and names itself after the file; else None."""
    data, _, problems = _read(path)
    return path.stem if data is not None and not problems and data.get("slug") == path.stem else None


def read_programme(path: Path, course_slugs: Collection[str], content_dir: Path) -> tuple[ProgrammeSpec | None, list[FileProblem]]:
    """The programme in ``path``, or None and every problem found."""
    data, text, problems = _read(path)
    if data is None:
        return None, problems
    check = _Check(path, text)
    spec = _programme(data, path, set(course_slugs), content_dir, check)
    return (None, check.problems) if check.problems else (spec, [])


def _unknown_keys(data: dict, check: _Check) -> None:
    for where, allowed in KEYS.items():
        table = data
        for key in where:
            table = table.get(key) if isinstance(table, dict) else None
        if isinstance(table, dict):
            for key in table:
                if key not in allowed:
                    check.add((*where, key), gettext("unknown key '%(key)s'", key=key))


def _programme(data: dict, path: Path, course_slugs: set[str], content_dir: Path, check: _Check) -> ProgrammeSpec:
    _unknown_keys(data, check)
    slug = check.text(data, "slug")
    if slug and slug != path.stem:
        check.add(("slug",), gettext("slug '%(slug)s' differs from the file name: rename the file %(file)s",
                                     slug=slug, file=slug + ".toml"))
    title = check.text(data, "title")
    required = check.slugs(data, "required", (), course_slugs, required=True)
    electives = _electives(check.table(data, "electives"), required, course_slugs, check)
    if not required and electives is None:
        check.add(("required",), gettext("a programme needs at least one course: list some in 'required' or "
                                         "in [electives]"))
    workshops_table, placement_table = check.table(data, "workshops"), check.table(data, "placement")
    badge = _badge(check.table(data, "badge", required=True), slug, content_dir, check)
    certificate = check.table(data, "certificate") or {}
    return ProgrammeSpec(
        slug=slug, title=title, summary=check.text(data, "summary", required=False),
        language=check.text(data, "language", required=False, default="en"),
        duration_months=check.range_pair(data, "duration_months"), hours_per_week=check.range_pair(data, "hours_per_week"),
        hours=check.number(data, "hours", (), low=0, required=False), required=required, electives=electives,
        workshops=Workshops(check.whole(workshops_table, "attend", ("workshops",), low=1, high=100),
                            check.text(workshops_table, "about", ("workshops",), required=False))
        if workshops_table is not None else None,
        placement=Placement(check.number(placement_table, "hours", ("placement",), low=1),
                            check.text(placement_table, "about", ("placement",), required=False),
                            check.whole(placement_table, "link_valid_days", ("placement",), low=1, high=90,
                                        default=DEFAULT_LINK_DAYS))
        if placement_table is not None else None,
        badge=badge, certificate_title=check.text(certificate, "title", ("certificate",), required=False, default=title),
        courses=required + (electives.courses if electives else ()))


def _electives(table: dict | None, required: tuple[str, ...], course_slugs: set[str], check: _Check) -> Electives | None:
    if table is None:
        return None
    courses = check.slugs(table, "courses", ("electives",), course_slugs, required=True)
    for slug in courses:
        if slug in required:
            check.add(("electives", "courses"), gettext("course '%(slug)s' is both required and an elective", slug=slug))
    choose = table.get("choose")
    if isinstance(choose, bool) or not isinstance(choose, int) or not 1 <= choose <= len(courses):
        check.add(("electives", "choose"), gettext("'choose' must be a whole number from 1 to the number of elective "
                                                   "courses (%(num)d)", num=len(courses)))
        choose = 1
    return Electives(choose, courses)


def _badge(table: dict | None, slug: str, content_dir: Path, check: _Check) -> Badge:
    table = table or {}
    where = ("badge",)
    image = check.text(table, "image", where) if table else ""
    if image and slug:
        folder = content_dir / "programmes" / slug
        relative = PurePosixPath(image)
        if relative.is_absolute() or ".." in relative.parts or relative.suffix.lower() not in IMAGE_SUFFIXES:
            check.add((*where, "image"), gettext("'image' must be a PNG or SVG file inside %(folder)s", folder=folder))
        elif not (folder / relative).is_file():
            check.add((*where, "image"), gettext("image %(file)s not found", file=folder / relative))
    tags = table.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag.strip() for tag in tags):
        check.add((*where, "tags"), gettext("'tags' must list words"))
        tags = []
    if not table:
        return Badge("", "", "", ())
    return Badge(check.text(table, "name", where), check.text(table, "description", where), image,
                 tuple(tag.strip() for tag in tags))
