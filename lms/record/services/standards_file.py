"""Read and check standards framework files, ``courses/standards/<slug>.toml``:

```toml
slug = "practitioner-standards"
title = "Professional Standards for STEM Practitioners"
language = "en"
country = "IE"                      # optional ISO 3166-1 alpha-2
[[standards]]
code = "1.1"
group = "Professional knowledge"    # optional
title = "..."
description = "..."                 # optional
```

Every problem is named by file and line, like the courses' (``flask courses validate``)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError

from lms.core.content_files import FileProblem
from lms.core.i18n import gettext
from lms.core.toml_lines import KeyLines, toml_error_line, toml_error_reason

FOLDER = "standards"
MAX_FILE_BYTES = 1024 * 1024
FRAMEWORK_KEYS = ("slug", "title", "language", "country", "standards")
STANDARD_KEYS = ("code", "group", "title", "description")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIMITS = {"title": 300, "code": 40, "group": 200, "standard_title": 500, "description": 5000}


@dataclass(frozen=True)
class StandardSpec:
    code: str
    title: str
    group: str | None
    description: str


@dataclass(frozen=True)
class FrameworkSpec:
    slug: str
    title: str
    language: str
    country: str | None
    standards: tuple[StandardSpec, ...]
    source_hash: str
    path: Path


class _Checker:
    """Collects problems, each at the line of the key it is about."""

    def __init__(self, path: Path, text: str):
        self.path, self.lines, self.problems = path, KeyLines(text), []

    def add(self, key: tuple, message: str) -> None:
        self.problems.append(FileProblem(self.path, self.lines.line(*key), message))

    def unknown(self, data: dict, allowed: tuple, where: tuple, place: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(where + (key,), gettext("unknown key '%(key)s' in %(place)s (allowed: %(allowed)s)",
                                                 key=key, place=place, allowed=", ".join(allowed)))

    def text(self, data: dict, key: str, where: tuple, *, limit: int, required: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(where or (key,), gettext("missing '%(key)s'", key=key))
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(where + (key,), gettext("'%(key)s' must be text", key=key) if not isinstance(value, str)
                     else gettext("'%(key)s' is empty", key=key))
            return None
        if len(value) > limit:
            self.add(where + (key,), gettext("'%(key)s' is longer than %(limit)d characters", key=key, limit=limit))
            return None
        return value.strip()


def framework_files(courses_dir: Path) -> list[Path]:
    folder = courses_dir / FOLDER
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def _read(path: Path) -> tuple[bytes, str] | FileProblem:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return FileProblem(path, 1, gettext("cannot read the file: %(reason)s", reason=error.strerror or str(error)))
    if len(raw) > MAX_FILE_BYTES:
        return FileProblem(path, 1, gettext("the file is larger than %(limit)d KB", limit=MAX_FILE_BYTES // 1024))
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return FileProblem(path, line, gettext("not UTF-8 text: save the file as UTF-8"))


def _language(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*", value):
        return False
    try:
        return str(Locale.parse(value.replace("-", "_"))).lower() == value.replace("-", "_").lower()
    except (UnknownLocaleError, ValueError):
        return False


def _country(value: object) -> bool:
    return isinstance(value, str) and bool(re.fullmatch(r"[A-Z]{2}", value)) and value in Locale("en").territories


def read_framework(path: Path) -> tuple[FrameworkSpec | None, list[FileProblem]]:
    """The framework in ``path`` as checked, or None and every problem found."""
    read = _read(path)
    if isinstance(read, FileProblem):
        return None, [read]
    raw, text = read
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [FileProblem(path, toml_error_line(error, text),
                                  gettext("not valid TOML: %(reason)s", reason=toml_error_reason(error)))]
    check = _Checker(path, text)
    check.unknown(data, FRAMEWORK_KEYS, (), gettext("the framework"))
    slug = check.text(data, "slug", (), limit=80, required=True)
    if slug is not None and not SLUG.match(slug):
        check.add(("slug",), gettext("slug '%(slug)s' may hold only lower-case letters, digits and hyphens", slug=slug))
    elif slug is not None and slug != path.stem:
        check.add(("slug",), gettext("slug '%(slug)s' differs from the file name: rename the file %(file)s",
                                     slug=slug, file=slug + ".toml"))
    title = check.text(data, "title", (), limit=LIMITS["title"], required=True)
    language = data.get("language", "en")
    if not _language(language):
        check.add(("language",), gettext("'language' must be a language code such as \"en\" or \"ga\""))
    country = data.get("country")
    if country is not None and not _country(country):
        check.add(("country",), gettext("'country' must be a two-letter country code such as \"IE\""))
    standards = _standards(data.get("standards"), check)
    if check.problems:
        return None, check.problems
    return FrameworkSpec(slug, title, language.replace("_", "-"), country, standards,
                         hashlib.sha256(raw).hexdigest(), path), []


def _standards(value: object, check: _Checker) -> tuple[StandardSpec, ...]:
    if value is None or value == []:
        check.add(("standards",) if value == [] else (), gettext("the framework lists no standards: add [[standards]] tables"))
        return ()
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        check.add(("standards",), gettext("'standards' must be a list of [[standards]] tables"))
        return ()
    found, first_line = [], {}
    for index, item in enumerate(value):
        where = ("standards", index)
        check.unknown(item, STANDARD_KEYS, where, gettext("standard %(number)d", number=index + 1))
        code = check.text(item, "code", where, limit=LIMITS["code"], required=True)
        title = check.text(item, "title", where, limit=LIMITS["standard_title"], required=True)
        group = check.text(item, "group", where, limit=LIMITS["group"], required=False)
        description = check.text(item, "description", where, limit=LIMITS["description"], required=False)
        if code is not None and code in first_line:
            check.add(where + ("code",), gettext("duplicate code '%(code)s' (first at line %(line)d)",
                                                 code=code, line=first_line[code]))
        elif code is not None:
            first_line[code] = check.lines.line(*where, "code")
        if code is not None and title is not None:
            found.append(StandardSpec(code, title, group or None, description or ""))
    return tuple(found)


def read_frameworks(courses_dir: Path) -> tuple[list[FrameworkSpec], list[FileProblem]]:
    """Every framework on file, and every problem. A slug is its file's name, so no two files share one."""
    specs, problems = [], []
    for path in framework_files(courses_dir):
        spec, found = read_framework(path)
        problems.extend(found)
        if spec is not None:
            specs.append(spec)
    return specs, problems
