"""Read one resource file ``resources/<slug>.toml``: every problem with its line.

    title = "Dream Jobs? Teenagers' career aspirations"
    summary = "What 15-year-olds in 41 countries expect to work as ..."
    kind = "report"                      # lesson-plan, toolkit, video, report, activity, case-study
    audience = ["secondary", "careers-guidance"]
    subject = ["careers"]
    language = "en"
    licence = "CC-BY-4.0"                # an SPDX id (see vocabulary.LICENCES)
    author = "OECD"                      # the author or organisation
    date = 2020-01-22
    url = "https://..."                  # either an https link ...
    file = "resources/handout.md"        # ... or a file under the content folder
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from lms.core.content_files import FileProblem
from lms.core.i18n import gettext
from lms.core.text import has_control_characters
from lms.core.toml_lines import KeyLines, toml_error_line, toml_error_reason
from lms.resources.services.vocabulary import AUDIENCES, KINDS, LICENCES, SUBJECTS

MAX_FILE_BYTES = 64 * 1024  # a resource's TOML file
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_SUFFIXES = {".md", ".txt", ".pdf", ".csv", ".png", ".svg"}
KEYS = {"title", "summary", "kind", "audience", "subject", "language", "licence", "author", "date", "url", "file"}
REQUIRED = KEYS - {"url", "file"}
LIMITS = {"title": 200, "summary": 2000, "author": 200}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class ResourceSpec:
    slug: str
    title: str
    summary: str
    kind: str
    audience: tuple[str, ...]
    subject: tuple[str, ...]
    language: str
    licence: str
    author: str
    published_on: date
    url: str | None
    file: str | None
    source_hash: str


def slug_of(path: Path) -> str | None:
    return path.stem if SLUG.match(path.stem) and len(path.stem) <= 80 else None


class _Reader:
    def __init__(self, path: Path, text: str):
        self.path, self.lines, self.problems = path, KeyLines(text), []

    def add(self, key: str | None, message: str) -> None:
        self.problems.append(FileProblem(self.path, self.lines.line(key) if key else 1, message))

    def text(self, data: dict, key: str) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(key, gettext("'%(key)s' must be non-empty text", key=key))
            return ""
        value = " ".join(value.split())
        if len(value) > LIMITS.get(key, 300) or has_control_characters(value):
            self.add(key, gettext("'%(key)s' must be at most %(num)d characters of text", key=key, num=LIMITS.get(key, 300)))
        return value

    def choice(self, data: dict, key: str, allowed) -> str:
        value = data.get(key)
        if value not in allowed:
            self.add(key, gettext("'%(key)s' must be one of: %(allowed)s", key=key, allowed=", ".join(allowed)))
        return value if isinstance(value, str) else ""

    def choices(self, data: dict, key: str, allowed) -> tuple[str, ...]:
        value = data.get(key)
        if not isinstance(value, list) or not value or any(v not in allowed for v in value):
            self.add(key, gettext("'%(key)s' must be a list of one or more of: %(allowed)s", key=key, allowed=", ".join(allowed)))
            return ()
        return tuple(dict.fromkeys(value))


def _language(reader: _Reader, data: dict) -> str:
    value = data.get("language")
    try:
        known = isinstance(value, str) and _CODE.match(value) and Locale.parse(value.replace("-", "_")).get_display_name("en")
    except (UnknownLocaleError, ValueError):
        known = False
    if not known:
        reader.add("language", gettext("'language' must be a language code such as \"en\" or \"fr\""))
        return ""
    return value


def _link(reader: _Reader, data: dict, content_dir: Path) -> tuple[str | None, str | None]:
    url, file = data.get("url"), data.get("file")
    if (url is None) == (file is None):
        reader.add(None if url is None else "file", gettext("give either 'url' (an https link) or 'file' (under content/resources/), not both"))
        return None, None
    if url is not None:
        parts = urlsplit(url) if isinstance(url, str) else None
        if not parts or parts.scheme != "https" or not parts.hostname or len(url) > 500 or has_control_characters(url) or " " in url:
            reader.add("url", gettext("'url' must be an https:// link of at most 500 characters"))
            return None, None
        return url, None
    relative = PurePosixPath(file) if isinstance(file, str) else None
    if (relative is None or relative.is_absolute() or ".." in relative.parts or relative.parts[:1] != ("resources",)
            or relative.suffix.lower() not in ATTACHMENT_SUFFIXES):
        reader.add("file", gettext("'file' must be a path under resources/ in the content folder, ending in one of: %(suffixes)s",
                                   suffixes=", ".join(sorted(ATTACHMENT_SUFFIXES))))
        return None, None
    target = content_dir / relative
    if not target.is_file():
        reader.add("file", gettext("'file' names %(file)s, which does not exist", file=target))
    elif target.stat().st_size > MAX_ATTACHMENT_BYTES:
        reader.add("file", gettext("'file' is larger than %(num)d MB", num=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    return None, str(relative)


def read_resource(path: Path, content_dir: Path) -> tuple[ResourceSpec | None, list[FileProblem]]:
    """The resource the file declares, or every problem found in it (file and line)."""
    slug = slug_of(path)
    if slug is None:
        return None, [FileProblem(path, 1, gettext("the file name must be the resource's slug: lower-case letters, digits and hyphens"))]
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            return None, [FileProblem(path, 1, gettext("the file is larger than %(num)d KB", num=MAX_FILE_BYTES // 1024))]
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, [FileProblem(path, line, gettext("the file is not UTF-8 text"))]
    except tomllib.TOMLDecodeError as error:
        return None, [FileProblem(path, toml_error_line(error, text), gettext("not valid TOML: %(reason)s", reason=toml_error_reason(error)))]
    reader = _Reader(path, text)
    for key in data:
        if key not in KEYS:
            reader.add(key, gettext("unknown key '%(key)s' (allowed: %(allowed)s)", key=key, allowed=", ".join(sorted(KEYS))))
    for key in sorted(REQUIRED - set(data)):
        reader.add(None, gettext("the file lacks '%(key)s'", key=key))
    values = {key: reader.text(data, key) for key in ("title", "summary", "author") if key in data}
    kind = reader.choice(data, "kind", KINDS) if "kind" in data else ""
    audience = reader.choices(data, "audience", AUDIENCES) if "audience" in data else ()
    subject = reader.choices(data, "subject", SUBJECTS) if "subject" in data else ()
    language = _language(reader, data) if "language" in data else ""
    licence = reader.choice(data, "licence", LICENCES) if "licence" in data else ""
    published = data.get("date")
    if "date" in data and (not isinstance(published, date) or hasattr(published, "hour")):
        reader.add("date", gettext("'date' must be a date such as 2024-09-01 (no quotes)"))
    url, file = _link(reader, data, content_dir)
    if reader.problems:
        return None, reader.problems
    return ResourceSpec(slug, values["title"], values["summary"], kind, audience, subject, language, licence, values["author"],
                        published, url, file, hashlib.sha256(raw).hexdigest()), []
