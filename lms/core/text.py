"""Words around numbers and codes on learners' pages.

Written the way gettext wants them, so that translation (issue #15) can hand these calls to
Babel's ``ngettext`` unchanged: whole phrases with a ``%(num)d`` placeholder, one form for one
and one for the rest. Templates use Jinja's ``ngettext`` (the i18n extension with null
translations, installed in ``filters.init_app``), which follows the same convention."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError


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
