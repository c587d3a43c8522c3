"""Words around numbers and codes on learners' pages.

Written the way gettext wants them, so that translation (issue #15) can hand these calls to
Babel's ``ngettext`` unchanged: whole phrases with a ``%(num)d`` placeholder, one form for one
and one for the rest. Templates use Jinja's ``ngettext`` (the i18n extension with null
translations, installed in ``filters.init_app``), which follows the same convention."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError

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


def ngettext(singular: str, plural: str, num: int, **variables: object) -> str:
    """``ngettext("%(num)d page read", "%(num)d pages read", n)``; English rules until catalogues exist."""
    return (singular if num == 1 else plural) % {"num": num, **variables}


@lru_cache(maxsize=64)
def language_name(code: str, in_language: str = "en") -> str:
    """'en' -> 'English', 'pt-BR' -> 'Portuguese (Brazil)'; the code itself if Babel does not know it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(in_language)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code
