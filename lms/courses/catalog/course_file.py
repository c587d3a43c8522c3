"""Read one course file ``courses/<slug>.toml`` and the module files it names."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from pathlib import Path

from lms.core.i18n import gettext, lazy_gettext
from lms.courses.catalog.checker import CHECKED_ELSEWHERE, Checker, listed
from lms.courses.catalog.cover import read_cover
from lms.courses.catalog.files import DEFAULT_MAX_FILE_BYTES, read_text
from lms.courses.catalog.languages import read_language, read_translations
from lms.courses.catalog.module_file import read_module
from lms.courses.catalog.run_tables import read_runs
from lms.courses.catalog.specs import COMPLETION_RULES, BadgeSpec, CourseSpec, ModuleSpec, Problem
from lms.core.toml_lines import toml_error_line, toml_error_reason

COURSE_KEYS = {
    "slug": str, "title": str, "summary": str, "audience": list, "language": str,
    "hours_per_week": CHECKED_ELSEWHERE, "outcomes": list, "modules": list, "runs": list,
    "completion": dict, "badge": dict, "cover": CHECKED_ELSEWHERE, "cover_alt": CHECKED_ELSEWHERE,
    "translations": list,
}
OPTIONAL_COURSE_KEYS = {"completion", "badge", "cover", "cover_alt", "translations"}
MODULE_KEYS = {"slug": str, "complete_when": list, "badge": dict}
BADGE_KEYS = {"name", "description", "criteria", "image", "tags", "alignment"}
# A completion rule whose activity the module lacks, by the kind of activity it needs.
RULE_NEEDS = {
    "quiz": lazy_gettext("rule '%(rule)s' needs a quiz in %(file)s, which has none"),
    "reflection": lazy_gettext("rule '%(rule)s' needs a reflection in %(file)s, which has none"),
    "assignment": lazy_gettext("rule '%(rule)s' needs an assignment in %(file)s, which has none"),
    "discussion": lazy_gettext("rule '%(rule)s' needs a discussion with 'min_posts' of 1 or more in %(file)s, which has none"),
}


def read_course(path: Path, content_dir: Path, *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
                ) -> tuple[CourseSpec | None, list[Problem]]:
    read = read_text(path, max_bytes=max_file_bytes)
    if isinstance(read, Problem):
        return None, [read]
    raw, text = read
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [Problem(path, toml_error_line(error, text), gettext("not valid TOML: %(reason)s", reason=toml_error_reason(error)))]

    check = Checker(path, text)
    check.table(data, COURSE_KEYS, (), optional=OPTIONAL_COURSE_KEYS)
    course_slug = check.slug(data, ())
    if course_slug and course_slug != path.stem:
        check.add(("slug",), gettext("slug '%(slug)s' differs from the file name: rename the file %(file)s",
                                     slug=course_slug, file=course_slug + ".toml"))
    language = read_language(data, check)
    translations = read_translations(data, course_slug, check)
    audience = check.strings(data, "audience")
    outcomes = check.strings(data, "outcomes")
    hours = _hours(data.get("hours_per_week"), check)

    module_entries = data.get("modules") if isinstance(data.get("modules"), list) else []
    if isinstance(data.get("modules"), list) and not module_entries:
        check.add(("modules",), gettext("the course has no modules"))
    modules, module_hashes, seen_modules = _read_modules(module_entries, course_slug, content_dir, len(outcomes), check,
                                                         max_file_bytes=max_file_bytes)

    runs = read_runs(data.get("runs"), list(seen_modules), check)
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
        language=language,
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
        translations=translations,
    ), []


def _read_modules(
    module_entries: list, course_slug: str | None, content_dir: Path, outcome_count: int, check: Checker, *,
    max_file_bytes: int,
) -> tuple[list[ModuleSpec], list[str], dict[str, int]]:
    """Each [[modules]] entry and its file: (modules read, their content fingerprints, slug -> entry index)."""
    modules, module_hashes = [], []
    seen_modules: dict[str, int] = {}
    for index, entry in enumerate(module_entries):
        where = ("modules", index)
        if not isinstance(entry, dict):
            check.add(where, gettext("each module must be a [[modules]] table"))
            continue
        check.table(entry, MODULE_KEYS, where, optional={"complete_when", "badge"})
        slug = check.slug(entry, where)
        if slug is None:
            continue
        if slug in seen_modules:
            check.add(where + ("slug",), gettext("duplicate module slug '%(slug)s' (module %(number)d has it)",
                                                 slug=slug, number=seen_modules[slug] + 1))
            continue
        seen_modules[slug] = index
        if course_slug is None:
            continue
        candidates = _module_paths(content_dir / course_slug, slug)
        if not candidates:
            check.add(where + ("slug",), gettext("missing file: no %(file)s for module '%(slug)s'",
                                                 file="%s/NN-%s.md" % (content_dir / course_slug, slug), slug=slug))
            continue
        if len(candidates) > 1:
            names = ", ".join(p.name for p in candidates)
            check.add(where + ("slug",), gettext("module '%(slug)s' has %(num)d files (%(names)s): keep one",
                                                 slug=slug, num=len(candidates), names=names))
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


def _badge(data, where: tuple, folder: Path, outcome_count: int, check: Checker) -> BadgeSpec | None:
    """A badge declaration: name, description, image (PNG or SVG under the course's content folder),
    optional criteria narrative, tags, and alignment to course outcomes by number."""
    if data is None:
        return None
    for key in data:
        if key not in BADGE_KEYS:
            check.add(where + (key,), gettext("unknown key '%(key)s' in the badge (allowed: %(allowed)s)",
                                              key=key, allowed=listed(sorted(BADGE_KEYS))))
    for key in ("name", "description", "image"):
        if not isinstance(data.get(key), str) or not data.get(key, "").strip():
            check.add(where + ((key,) if key in data else ()), gettext("the badge needs '%(key)s' (text)", key=key))
    image = data.get("image")
    if isinstance(image, str) and image.strip():
        path = (folder / image).resolve()
        if folder.resolve() not in path.parents or not path.is_file():
            check.add(where + ("image",), gettext("badge image '%(image)s' not found in %(folder)s", image=image, folder=folder))
        elif path.suffix.lower() not in (".png", ".svg"):
            check.add(where + ("image",), gettext("a badge image must be a PNG or an SVG file"))
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        check.add(where + ("tags",), gettext("'tags' must be a list of words"))
        tags = []
    alignment = data.get("alignment", list(range(1, outcome_count + 1)))
    if not isinstance(alignment, list) or not all(isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= outcome_count
                                                  for n in alignment):
        check.add(where + ("alignment",), gettext("'alignment' must list outcome numbers from 1 to %(num)d", num=outcome_count))
        alignment = []
    criteria = data.get("criteria", "")
    if not isinstance(criteria, str):
        check.add(where + ("criteria",), gettext("'criteria' must be text"))
        criteria = ""
    if check.problems:
        return None
    return BadgeSpec(
        name=data["name"].strip(), description=data["description"].strip(), image=data["image"].strip(),
        criteria=criteria.strip(), tags=tuple(t.strip() for t in tags), alignment=tuple(alignment),
    )


def _completion_rules(entry: dict, module: ModuleSpec, where: tuple, check: Checker) -> tuple[str, ...]:
    """The module's rules; by default every rule its activities allow. A discussion counts only when
    it asks for contributions (``min_posts`` above 0): a prompt alone is an invitation, not a rule."""
    kinds = {a.kind for a in module.activities if a.kind != "discussion" or a.data["min_posts"] > 0}
    if "complete_when" not in entry:
        return tuple(rule for rule, needs in COMPLETION_RULES.items() if needs is None or needs in kinds)
    rules = entry["complete_when"]
    if not isinstance(rules, list) or not rules or not all(isinstance(r, str) for r in rules):
        check.add(where + ("complete_when",), gettext("'complete_when' must be a non-empty list of rule names"))
        return ()
    for rule in rules:
        if rule not in COMPLETION_RULES:
            check.add(where + ("complete_when",), gettext("unknown completion rule '%(rule)s' (rules: %(rules)s)",
                                                           rule=rule, rules=listed(COMPLETION_RULES)))
        elif COMPLETION_RULES[rule] and COMPLETION_RULES[rule] not in kinds:
            check.add(where + ("complete_when",),
                      str(RULE_NEEDS[COMPLETION_RULES[rule]]) % {"rule": rule, "file": module.path.name})
    return tuple(rules)


def _course_rule(data, module_count: int, check: Checker) -> int | None:
    """``[completion] modules = "all"`` (the default) or a number of modules."""
    if data is None:
        return None
    for key in data:
        if key != "modules":
            check.add(("completion", key), gettext("unknown key '%(key)s' in completion (allowed: modules)", key=key))
    value = data.get("modules", "all")
    if value == "all":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= module_count:
        check.add(("completion", "modules"), gettext("'modules' must be \"all\" or a number from 1 to %(num)d", num=module_count))
        return None
    return value


def _module_paths(folder: Path, slug: str) -> list[Path]:
    return sorted(folder.glob(f"[0-9][0-9]-{slug}.md"))


def _hours(value, check: Checker) -> tuple[int, int]:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value, value
    if (
        isinstance(value, list) and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 < value[0] <= value[1]
    ):
        return value[0], value[1]
    if value is not None:
        check.add(("hours_per_week",), gettext("'hours_per_week' must be a positive number or [min, max]"))
    return 0, 0
