"""A course's files as text: each file at most a set size (a 20 MB module took 50 s and 359 MB
to import), UTF-8 checked with the line of the first bad byte, and Markdown files that no
module lists (so they would silently not be imported) reported as warnings."""

from __future__ import annotations

import codecs
import re
import tomllib
from pathlib import Path

from lms.core.i18n import gettext
from lms.core.text import CONTROL_CHARACTERS_BUT_LINE_BREAKS
from lms.courses.catalog.checker import decimal
from lms.courses.catalog.specs import Problem

DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024  # LMS_COURSE_FILE_MAX_BYTES
_MODULE_FILE = re.compile(r"^[0-9]{2}-(?P<slug>.+)\.md$")


def read_text(path: Path, *, max_bytes: int) -> tuple[bytes, str] | Problem:
    """(bytes, text) of a course or module file, or the one problem that stops it being read."""
    size = path.stat().st_size
    if size > max_bytes:
        return Problem(path, 1, gettext(
            "the file is %(size)s MB, more than the %(limit)s MB a course file may be: split the module into smaller ones "
            "or move pictures into files of their own (LMS_COURSE_FILE_MAX_BYTES sets the limit)",
            size=_megabytes(size), limit=_megabytes(max_bytes)))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # editors on Windows may add a byte-order mark
    except UnicodeDecodeError as error:
        start = error.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)  # the mark is not counted
        line = raw[:start].count(b"\n") + 1
        byte = "0x%02X" % raw[start]
        return Problem(path, line, gettext("the file is not valid UTF-8 (byte %(byte)s on this line): save it as UTF-8", byte=byte))
    # A NUL cannot be stored by PostgreSQL and no control character is meant in a course's text.
    stray = CONTROL_CHARACTERS_BUT_LINE_BREAKS.search(text)
    if stray:
        line = text.count("\n", 0, stray.start()) + 1
        return Problem(path, line, gettext("this line holds an invisible control character (%(character)s), "
                                           "often from a pasted document: delete it",
                                           character="U+%04X" % ord(stray.group())))
    return raw, text


def _megabytes(size: int) -> str:
    return decimal(size / (1024 * 1024))


def unlisted_module_files(course_path: Path, content_dir: Path, *, max_bytes: int) -> list[Problem]:
    """Warnings for the Markdown files in the course's folder that no [[modules]] entry names."""
    try:
        if course_path.stat().st_size > max_bytes:
            return []
        data = tomllib.loads(course_path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []  # reported as problems already
    slug = data.get("slug") if isinstance(data.get("slug"), str) else course_path.stem
    folder = content_dir / slug
    entries = data.get("modules") if isinstance(data.get("modules"), list) else []
    listed = {entry.get("slug") for entry in entries if isinstance(entry, dict)}
    warnings = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        named = _MODULE_FILE.match(path.name)
        if named is None or named.group("slug") not in listed:
            module = named.group("slug") if named else path.stem
            warnings.append(Problem(path, 1, gettext(
                "no module in %(file)s lists this file, so it is not imported: "
                "add a [[modules]] entry with slug = \"%(slug)s\", or move the file away", file=course_path.name, slug=module)))
    return warnings
