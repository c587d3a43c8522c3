"""Read one course file ``courses/<slug>.toml`` and the module files it names."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lms.courses.catalog.cover import read_cover
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES, read_text
from lms.courses.catalog.module_file import SLUG, TOML_TYPE_NAMES, read_module
from lms.courses.catalog.specs import COMPLETION_RULES, BadgeSpec, CourseSpec, ModuleSpec, Problem, RunSpec
from lms.courses.catalog.toml_lines import KeyLines, toml_error_line, toml_error_reason
from lms.courses.releases import ReleaseRule, opening_times

# ``CHECKED_ELSEWHERE``: the value is validated by a dedicated function (``_hours``, ``_instant``)
# with a more helpful message, so the generic type check would only repeat the same fault.
CHECKED_ELSEWHERE = object()
COURSE_KEYS = {
    "slug": str, "title": str, "summary": str, "audience": list, "language": str,
    "hours_per_week": CHECKED_ELSEWHERE, "outcomes": list, "modules": list, "runs": list,
    "completion": dict, "badge": dict, "cover": CHECKED_ELSEWHERE, "cover_alt": CHECKED_ELSEWHERE,
}
MODULE_KEYS = {"slug": str, "complete_when": list, "badge": dict}
BADGE_KEYS = {"name", "description", "criteria", "image", "tags", "alignment"}
RUN_KEYS = {
    "slug": str, "title": str, "timezone": str,
    "starts": CHECKED_ELSEWHERE, "ends": CHECKED_ELSEWHERE, "release": dict,
    "enrolment_opens": CHECKED_ELSEWHERE, "enrolment_closes": CHECKED_ELSEWHERE, "pace_days": int,
}
RELEASE_KEYS = {
    "mode": CHECKED_ELSEWHERE, "initial": CHECKED_ELSEWHERE, "batch": CHECKED_ELSEWHERE,
    "every_days": CHECKED_ELSEWHERE, "overrides": dict,
}
OPTIONAL = {"ends", "release", "enrolment_opens", "enrolment_closes", "pace_days"}


class _Checker:
    """Collects problems for one course file, each at the line of the key at fault."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = KeyLines(text)
        self.problems: list[Problem] = []

    def add(self, key_path: tuple, message: str) -> None:
        self.problems.append(Problem(self.path, self.lines.line(*key_path), message))

    def table(self, data: dict, allowed: dict, where: tuple, *, optional=frozenset()) -> None:
        label = ".".join(str(p) for p in where) or "the course"
        for key, value in data.items():
            if key not in allowed:
                self.add(where + (key,), f"unknown key '{key}' in {label} (allowed: {', '.join(allowed)})")
                continue
            kind = allowed[key]
            if kind is CHECKED_ELSEWHERE:
                continue
            if isinstance(value, bool) or not isinstance(value, kind):
                self.add(where + (key,), f"'{key}' must be a {TOML_TYPE_NAMES[kind]}")
        for key in allowed:
            if key not in data and key not in optional:
                self.add(where, f"{label} lacks '{key}'")

    def strings(self, data: dict, key: str, where: tuple = ()) -> tuple[str, ...]:
        value = data.get(key)
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        if isinstance(value, list):
            self.add(where + (key,), f"'{key}' must be a list of non-empty strings")
        return ()

    def slug(self, data: dict, where: tuple) -> str | None:
        value = data.get("slug")
        if isinstance(value, str) and not SLUG.match(value):
            self.add(where + ("slug",), f"slug '{value}' must be lower-case letters, digits and hyphens")
            return None
        return value if isinstance(value, str) else None


def read_course(path: Path, content_dir: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
                ) -> tuple[CourseSpec | None, list[Problem]]:
    read = read_text(path, max_bytes=max_file_bytes)
    if isinstance(read, Problem):
        return None, [read]
    raw, text = read
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [Problem(path, toml_error_line(error, text), f"not valid TOML: {toml_error_reason(error)}")]

    check = _Checker(path, text)
    check.table(data, COURSE_KEYS, (), optional={"completion", "badge", "cover", "cover_alt"})
    course_slug = check.slug(data, ())
    if course_slug and course_slug != path.stem:
        check.add(("slug",), f"slug '{course_slug}' differs from the file name: rename the file {course_slug}.toml")
    audience = check.strings(data, "audience")
    outcomes = check.strings(data, "outcomes")
    hours = _hours(data.get("hours_per_week"), check)

    module_entries = data.get("modules") if isinstance(data.get("modules"), list) else []
    if isinstance(data.get("modules"), list) and not module_entries:
        check.add(("modules",), "the course has no modules")
    modules, module_hashes, seen_modules = _read_modules(module_entries, course_slug, content_dir, len(outcomes), check,
                                                         max_file_bytes=max_file_bytes)

    runs = _runs(data.get("runs"), list(seen_modules), check)
    modules_needed = _course_rule(data.get("completion"), len(module_entries), check)
    course_badge = _badge(data.get("badge"), ("badge",), content_dir / course_slug, len(outcomes), check) if course_slug else None
    cover, cover_alt = read_cover(data, content_dir / course_slug if course_slug else None, check.add,
                                  max_bytes=max_file_bytes)
    if check.problems:
        return None, check.problems
    return CourseSpec(
        slug=course_slug,
        path=path,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        audience=audience,
        language=data["language"],
        hours_per_week=hours,
        outcomes=outcomes,
        modules=tuple(modules),
        runs=tuple(runs),
        source_hash=hashlib.sha256(raw + "".join(module_hashes).encode() + _image_digest(content_dir / course_slug, modules, course_badge)
                                   + ((content_dir / course_slug / cover).read_bytes() if cover else b"")).hexdigest(),
        modules_needed=modules_needed,
        badge=course_badge,
        cover=cover,
        cover_alt=cover_alt,
    ), []


def _read_modules(
    module_entries: list, course_slug: str | None, content_dir: Path, outcome_count: int, check: _Checker, *,
    max_file_bytes: int,
) -> tuple[list[ModuleSpec], list[str], dict[str, int]]:
    """Each [[modules]] entry and its file: (modules read, their content fingerprints, slug -> entry index)."""
    modules, module_hashes = [], []
    seen_modules: dict[str, int] = {}
    for index, entry in enumerate(module_entries):
        where = ("modules", index)
        if not isinstance(entry, dict):
            check.add(where, "each module must be a [[modules]] table")
            continue
        check.table(entry, MODULE_KEYS, where, optional={"complete_when", "badge"})
        slug = check.slug(entry, where)
        if slug is None:
            continue
        if slug in seen_modules:
            check.add(where + ("slug",), f"duplicate module slug '{slug}' (module {seen_modules[slug] + 1} has it)")
            continue
        seen_modules[slug] = index
        if course_slug is None:
            continue
        candidates = _module_paths(content_dir / course_slug, slug)
        if not candidates:
            check.add(where + ("slug",), f"missing file: no {content_dir / course_slug}/NN-{slug}.md for module '{slug}'")
            continue
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            check.add(where + ("slug",), f"module '{slug}' has {len(candidates)} files ({names}): keep one")
            continue
        module_path = candidates[0]
        module, problems = read_module(module_path, slug, asset_base=f"/assets/{course_slug}/", max_bytes=max_file_bytes)
        check.problems.extend(problems)
        if module:
            module = replace(module, complete_when=_completion_rules(entry, module, where, check),
                             badge=_badge(entry.get("badge"), where + ("badge",), content_dir / course_slug, outcome_count, check))
            modules.append(module)
            module_hashes.append(module.content_hash + ",".join(module.complete_when) + repr(module.badge))
    return modules, module_hashes, seen_modules


def _image_digest(folder: Path, modules: list[ModuleSpec], course_badge: BadgeSpec | None) -> bytes:
    """Badge artwork counts as content: a redrawn image means the course changed."""
    digest = hashlib.sha256()
    for badge in [m.badge for m in modules] + [course_badge]:
        if badge is not None:
            digest.update((folder / badge.image).read_bytes())
    return digest.digest()


def _badge(data, where: tuple, folder: Path, outcome_count: int, check: _Checker) -> BadgeSpec | None:
    """A badge declaration: name, description, image (PNG or SVG under the course's content folder),
    optional criteria narrative, tags, and alignment to course outcomes by number."""
    if data is None:
        return None
    for key in data:
        if key not in BADGE_KEYS:
            check.add(where + (key,), f"unknown key '{key}' in the badge (allowed: {', '.join(sorted(BADGE_KEYS))})")
    for key in ("name", "description", "image"):
        if not isinstance(data.get(key), str) or not data.get(key, "").strip():
            check.add(where + ((key,) if key in data else ()), f"the badge needs '{key}' (text)")
    image = data.get("image")
    if isinstance(image, str) and image.strip():
        path = (folder / image).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            check.add(where + ("image",), f"badge image '{image}' not found in {folder}")
        elif path.suffix.lower() not in (".png", ".svg"):
            check.add(where + ("image",), "a badge image must be a PNG or an SVG file")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        check.add(where + ("tags",), "'tags' must be a list of words")
        tags = []
    alignment = data.get("alignment", list(range(1, outcome_count + 1)))
    if not isinstance(alignment, list) or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= outcome_count
                                                  for n in alignment):
        check.add(where + ("alignment",), f"'alignment' must list outcome numbers from 1 to {outcome_count}")
        alignment = []
    criteria = data.get("criteria", "")
    if not isinstance(criteria, str):
        check.add(where + ("criteria",), "'criteria' must be text")
        criteria = ""
    if check.problems:
        return None
    return BadgeSpec(
        name=data["name"].strip(), description=data["description"].strip(), image=data["image"].strip(),
        criteria=criteria.strip(), tags=tuple(t.strip() for t in tags), alignment=tuple(alignment),
    )


def _completion_rules(entry: dict, module: ModuleSpec, where: tuple, check: _Checker) -> tuple[str, ...]:
    """The module's rules; by default every rule its activities allow."""
    kinds = {a.kind for a in module.activities}
    if "complete_when" not in entry:
        return tuple(rule for rule, needs in COMPLETION_RULES.items() if needs is None or needs in kinds)
    rules = entry["complete_when"]
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
        check.add(where + ("complete_when",), "'complete_when' must be a non-empty list of rule names")
        return ()
    for rule in rules:
        if rule not in COMPLETION_RULES:
            check.add(where + ("complete_when",), f"unknown completion rule '{rule}' (rules: {', '.join(COMPLETION_RULES)})")
        elif COMPLETION_RULES[rule] and COMPLETION_RULES[rule] not in kinds:
            check.add(where + ("complete_when",),
                      f"rule '{rule}' needs a {COMPLETION_RULES[rule]} in {module.path.name}, which has none")
    return tuple(rules)


def _course_rule(data, module_count: int, check: _Checker) -> int | None:
    """``[completion] modules = "all"`` (the default) or a number of modules."""
    if data is None:
        return None
    for key in data:
        if key != "modules":
            check.add(("completion", key), f"unknown key '{key}' in completion (allowed: modules)")
    value = data.get("modules", "all")
    if value == "all":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= module_count:
        check.add(("completion", "modules"), f"'modules' must be \"all\" or a number from 1 to {module_count}")
        return None
    return value


def _module_paths(folder: Path, slug: str) -> list[Path]:
    return sorted(folder.glob(f"[0-9][0-9]-{slug}.md"))


def _hours(value, check: _Checker) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, value
    if (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 < value[0] <= value[1]
    ):
        return value[0], value[1]
    if value is not None:
        check.add(("hours_per_week",), "'hours_per_week' must be a positive number or [min, max]")
    return 0, 0


def _runs(entries, module_slugs: list[str], check: _Checker) -> list[RunSpec]:
    if not isinstance(entries, list):
        return []
    if not entries:
        check.add(("runs",), "the course has no runs")
    runs, seen = [], set()
    for index, entry in enumerate(entries):
        where = ("runs", index)
        if not isinstance(entry, dict):
            check.add(where, "each run must be a [[runs]] table")
            continue
        check.table(entry, RUN_KEYS, where, optional=OPTIONAL)
        slug = check.slug(entry, where)
        if slug in seen:
            check.add(where + ("slug",), f"duplicate run slug '{slug}'")
        seen.add(slug)
        tz = _zone(entry.get("timezone"), where, check)
        starts = _instant(entry.get("starts"), tz, where + ("starts",), check)
        ends = _instant(entry.get("ends"), tz, where + ("ends",), check)
        if starts and ends and ends <= starts:
            check.add(where + ("ends",), "the run ends before it starts")
            ends = None  # said once: not again as "module X would open after the window closes"
        enrolment_opens = _instant(entry.get("enrolment_opens"), tz, where + ("enrolment_opens",), check)
        enrolment_closes = _instant(entry.get("enrolment_closes"), tz, where + ("enrolment_closes",), check)
        if enrolment_opens and enrolment_closes and enrolment_closes <= enrolment_opens:
            check.add(where + ("enrolment_closes",), "enrolment closes before it opens")
        pace_days = entry.get("pace_days")
        if isinstance(pace_days, int) and not isinstance(pace_days, bool) and pace_days < 1:
            check.add(where + ("pace_days",), "'pace_days' must be a whole number of at least 1")
        rule = _release(entry.get("release", {}), tz, where + ("release",), module_slugs, check)
        if slug and tz and starts and rule and isinstance(entry.get("title"), str):
            _check_dates(rule, starts, ends, str(tz), module_slugs, where, check)
            runs.append(RunSpec(
                slug, entry["title"].strip(), str(tz), starts, ends, rule,
                enrolment_opens_at=enrolment_opens, enrolment_closes_at=enrolment_closes,
                pace_days=pace_days if isinstance(pace_days, int) else None,
            ))
    return runs


def _zone(name, where: tuple, check: _Checker) -> ZoneInfo | None:
    if not isinstance(name, str):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        check.add(where + ("timezone",), f"unknown time zone '{name}' (use an IANA name such as 'Europe/Brussels')")
        return None


def _instant(value, tz: ZoneInfo | None, where: tuple, check: _Checker) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        check.add(where, f"'{where[-1]}' needs a time too, e.g. {value.isoformat()}T09:00:00")
        return None
    if not isinstance(value, datetime):
        check.add(where, f"'{where[-1]}' must be a date-time such as 2017-09-25T09:00:00")
        return None
    if value.tzinfo is None:
        if tz is None:
            return None
        value = value.replace(tzinfo=tz)
    return value.astimezone(timezone.utc)


def _release(data, tz, where: tuple, module_slugs: list[str], check: _Checker) -> ReleaseRule | None:
    if not isinstance(data, dict):
        return None
    check.table(data, RELEASE_KEYS, where, optional=set(RELEASE_KEYS))
    valid = True
    mode = data.get("mode", "scheduled")
    if mode not in ("scheduled", "on_enrolment"):
        check.add(where + ("mode",), f"release mode '{mode}' is not 'scheduled' or 'on_enrolment'")
        valid = False
    numbers = {}
    for key, default, low in (("initial", 1, 1), ("batch", 1, 0), ("every_days", 7, 1)):
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            check.add(where + (key,), f"'{key}' must be a whole number of at least {low}")
            valid = False
        numbers[key] = value
    overrides = {}
    given = data.get("overrides", {})
    for module, when in given.items() if isinstance(given, dict) else ():
        if module not in module_slugs:
            check.add(where + ("overrides", module), f"override for unknown module '{module}'")
            continue
        instant = _instant(when, tz, where + ("overrides", module), check)
        if instant:
            overrides[module] = instant
    return ReleaseRule(mode=mode, overrides=overrides, **numbers) if valid else None


def _check_dates(rule: ReleaseRule, starts, ends, zone: str, module_slugs, where, check: _Checker) -> None:
    times = opening_times(rule, starts, module_slugs, zone=zone, enrolled_at=starts)
    previous = None
    for slug, opens in times.items():
        if opens is None:
            check.add(where + ("release",), f"the release rule leaves module '{slug}' without a date (add 'batch' or an override)")
            continue
        if ends and opens >= ends:
            check.add(where + ("release",), f"module '{slug}' would open after the course window closes")
        if previous and opens < previous:
            check.add(where + ("release", "overrides", slug), f"module '{slug}' would open before the module above it")
        previous = opens
