"""Text that people type and the names of languages.

Words for people go through gettext (``lms.core.i18n``): whole phrases with ``%(name)s``
placeholders, plurals with ``ngettext("%(num)d page read", "%(num)d pages read", n)``."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from lms.core.i18n import current_language

# Control characters (C0, DEL, C1) are never meant in what people type or in a name; NUL cannot
# even be stored by PostgreSQL. Multi-line text keeps its tabs and line breaks.
CONTROL_CHARACTER_RANGES = r"\x00-\x1f\x7f-\x9f"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL_CHARACTER_RANGES}]")
CONTROL_CHARACTERS_BUT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str, *, multi_line: bool = False) -> bool:
    """True if ``text`` holds a control character (tabs and line breaks allowed when ``multi_line``)."""
    return (CONTROL_CHARACTERS_BUT_LINE_BREAKS if multi_line else CONTROL_CHARACTERS).search(text) is not None


def as_one_line(text: str) -> str:
    """Each run of control characters and spaces becomes one space: a name or a title as one line."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def language_name(code: str, in_language: str | None = None) -> str:
    """'en' -> 'English' ('anglais' in French), 'pt-BR' -> 'Portuguese (Brazil)', in the language
    being drawn unless told; the code itself if Babel does not know it."""
    return _language_name(code, in_language or current_language())


@lru_cache(maxsize=256)
def _language_name(code: str, in_language: str) -> str:
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(in_language)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code
