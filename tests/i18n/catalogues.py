"""The words of the code, extracted fresh as `make translations` does, and the shipped catalogues."""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.conftest import ROOT

LMS = ROOT / "lms"
TRANSLATIONS = LMS / "translations"
POT = TRANSLATIONS / "messages.pot"
# The Makefile's `-k lazy_gettext -k lazy_ngettext:1,2`, added to Babel's own keywords.
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "lazy_ngettext": (1, 2)}


def shipped_languages() -> list[str]:
    """Every language with a catalogue (English is the source language: it has none)."""
    return sorted(path.parent.parent.name for path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def _key(message: Message) -> tuple:
    return (message.id, message.context)


@cache
def extract_from_code() -> Catalog:
    """What the code and templates ask to be translated now, read with babel.cfg's mapping."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        LMS, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(f"lms/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as file:
        return read_po(file, locale=locale)


@cache
def catalogue(language: str) -> Catalog:
    return read_catalogue(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", language)


def plural_index(catalog: Catalog, n: int) -> int:
    """Which plural form the catalogue's Plural-Forms picks for ``n``."""
    return gettext.c2py(catalog.plural_expr)(n)


def messages(catalog: Catalog) -> dict[tuple, Message]:
    """The catalogue's live entries (not the header, not obsolete ones) by (msgid, context)."""
    return {_key(message): message for message in catalog if message.id}


def where(message: Message) -> str:
    """Where a message is: its first place as file:line, then up to two other files."""
    if not message.locations:
        return "?"
    (first, line), files = message.locations[0], dict.fromkeys(file for file, _ in message.locations)
    return ", ".join([f"{first}:{line}", *[file for file in files if file != first][:2]])


# A %-directive: %%, %(name)s, %s, %5.2f ...; a lone "%" (no conversion) is a stray.
DIRECTIVE = re.compile(r"%(?:%|(?:\((?P<name>\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<type>[diouxXeEfFgGcrsa]))|%")


def directives(text: str) -> tuple[frozenset[str], int, int, int]:
    """(names, count of %%, count of unnamed directives, count of stray %) in ``text``."""
    names, percents, unnamed, stray = set(), 0, 0, 0
    for match in DIRECTIVE.finditer(text):
        if match.group(0) == "%%":
            percents += 1
        elif match.group("name"):
            names.add(match.group("name"))
        elif match.group("type"):
            unnamed += 1
        else:
            stray += 1
    return frozenset(names), percents, unnamed, stray


def english_texts(message: Message) -> list[str]:
    """The English forms of a message: its msgid, and its plural."""
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def translations_of(message: Message) -> list[str]:
    """Every form of a message's translation (one, or each plural form)."""
    return list(message.string) if isinstance(message.string, tuple) else [message.string]
